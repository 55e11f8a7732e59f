package org.zstar.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.zstar.io.Format;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.spectra.StreamedDipoleDerivative;
import org.zstar.spectra.StreamedDipoleDerivative.Block;
import org.zstar.spectra.StreamedDipoleDerivative.Plan;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.UserInputException;

/**
 * {@code zstar spark dmdt}: the dM/dt of {@code zstar dmdt} computed on a Spark cluster.
 *
 * <ol>
 * <li>Index: every file is cut into chunks of {@code chunkBytes}; one task per chunk finds the frame starts in it
 * ({@link FrameIndex#scan}); the driver chains them ({@link FrameIndex#chain}) and so knows each frame's byte
 * offset and line without having read the files (only the first two frames, for the {@link Plan}). A gzip file
 * is one chunk: one task streams it decompressed and records the decompressed offsets; its partitions
 * decompress again from the start and skip to their frames.</li>
 * <li>Predict: the frames are cut into the blocks of {@link StreamedDipoleDerivative#layout}, consecutive blocks
 * are grouped into partitions, and each partition reads only its frames (plus the halo frames that central
 * differences need at its edges), predicts BECs with the broadcast model and formats its CSV rows.</li>
 * <li>Write: the partitions are computed in one parallel job and kept by Spark, then the driver writes their rows
 * in frame order to a temporary file that is moved into place. A partition's rows leave Spark once, after the
 * job, so a task that Spark retries (a lost executor) cannot duplicate rows.</li>
 * </ol>
 * The rows are bit-identical to {@code zstar dmdt} with the same block size.
 */
public final class SparkDmdt {
    /** Test hook: partitions whose first attempt fails (as if their executor were lost). */
    static volatile IntPredicate failFirstAttempt = p -> false;

    /**
     * What to compute; {@code progress} receives a line every {@code progressSeconds} while the frames are
     * predicted (frames done, as Spark reports finished tasks), or nothing when null.
     */
    public record Settings(List<Path> trajectories, BroadcastModel model, Double dt, boolean useFileVelocities,
            ReadOptions read, int blockFrames, long chunkBytes, int partitions, Path out,
            Consumer<String> progress, double progressSeconds) {
    }

    /**
     * What was done, for the report: {@code indexSeconds} is the wall time of the index pass (with the driver's
     * checks of the files), {@code gzip} whether a file was gzip-compressed.
     */
    public record Result(long frames, int files, int chunks, int partitions, int blocks, Plan plan,
            double indexSeconds, boolean gzip) {
    }

    /** One partition's work: its blocks and the file segments that hold their frames. */
    record Work(int partition, List<Block> blocks, List<Trajectory.Segment> segments) implements Serializable {
        /** The rows it writes (the frames of its blocks, halo frames not counted). */
        long frames() {
            long n = 0;
            for (Block b : blocks) {
                n += b.end() - b.first();
            }
            return n;
        }
    }

    /** A driver thread that reports the frames predicted so far, until closed. */
    private static final class Progress implements AutoCloseable {
        private final ScheduledExecutorService timer;

        private Progress(ScheduledExecutorService timer) {
            this.timer = timer;
        }

        static Progress start(Consumer<String> out, double seconds, LongAccumulator done, long frames, int atoms) {
            if (out == null || !(seconds > 0)) {
                return new Progress(null);
            }
            long t0 = System.nanoTime();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "zstar-dmdt-progress");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(1, Math.round(seconds * 1000));
            timer.scheduleAtFixedRate(() -> {
                double elapsed = (System.nanoTime() - t0) * 1e-9;
                long n = done.value();
                out.accept(String.format(Locale.ROOT, "predicted %d of %d frames in %.0f s (%.3g frames/s, %.0f "
                        + "atoms/s so far, counted as partitions finish)", n, frames, elapsed, n / elapsed,
                        n * (double) atoms / elapsed));
            }, period, period, TimeUnit.MILLISECONDS);
            return new Progress(timer);
        }

        @Override
        public void close() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }

    private SparkDmdt() {
    }

    public static Result run(JavaSparkContext sc, Settings s) {
        long t0 = System.nanoTime();
        Trajectory.Reading reading = Trajectory.Reading.of(s.read());
        List<FrameIndex.Chunk> chunks = new ArrayList<>();
        List<FrameIndex.Kind> kinds = new ArrayList<>();
        List<Boolean> gzip = new ArrayList<>();
        for (int f = 0; f < s.trajectories().size(); f++) {
            Path p = s.trajectories().get(f);
            gzip.add(isGzip(p));
            FrameIndex.Kind kind = kindOf(p, s.read());
            kinds.add(kind);
            chunks.addAll(FrameIndex.chunks(f, p.toString(), kind, gzip.get(f), size(p), s.chunkBytes()));
        }
        List<FrameIndex.ChunkScan> scans = unwrap(() -> sc.parallelize(chunks, Math.max(1, chunks.size()))
                .map(FrameIndex::scan).collect());
        List<FrameIndex.FileFrames> files = new ArrayList<>();
        for (int f = 0; f < s.trajectories().size(); f++) {
            final int file = f;
            List<FrameIndex.ChunkScan> mine = scans.stream().filter(c -> c.file() == file).toList();
            // a plain file's size; a gzip file's decompressed size, known from its one scan
            long size = mine.isEmpty() ? 0 : mine.get(mine.size() - 1).end();
            files.add(FrameIndex.chain(s.trajectories().get(f).toString(), kinds.get(f), gzip.get(f), size, mine));
        }
        double indexSeconds = (System.nanoTime() - t0) * 1e-9;
        Trajectory traj = new Trajectory(files);
        Plan plan = plan(traj, reading, s);
        List<Block> blocks = StreamedDipoleDerivative.layout(traj.frames(), plan);
        int parts = s.partitions() > 0 ? s.partitions() : 4 * sc.defaultParallelism();
        List<Work> work = partition(traj, blocks, Math.min(parts, blocks.size()));
        Broadcast<BroadcastModel> model = sc.broadcast(s.model());
        LongAccumulator done = sc.sc().longAccumulator("zstar dmdt frames");
        JavaRDD<String> rows = sc.parallelize(work, work.size()).map(w -> {
            String csv = compute(w, plan, model, reading);
            done.add(w.frames()); // merged on the driver as each task ends (a failed attempt's adds are dropped)
            return csv;
        });
        rows.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            try (Progress p = Progress.start(s.progress(), s.progressSeconds(), done, traj.frames(), plan.atoms())) {
                unwrap(rows::count); // one parallel job; the rows stay with Spark
            }
            AtomicFiles.writeText(s.out(), out -> {
                out.write(StreamedDipoleDerivative.HEADER + "\n");
                Iterator<String> it = rows.toLocalIterator(); // partition by partition, in frame order
                while (it.hasNext()) {
                    out.write(it.next());
                }
            });
        } finally {
            rows.unpersist(false);
            model.destroy();
        }
        return new Result(traj.frames(), files.size(), chunks.size(), work.size(), blocks.size(), plan, indexSeconds,
                gzip.contains(true));
    }

    /** Gzip is told by its magic bytes 1f 8b, as {@code zstar dmdt}'s readers do (org.zstar.io.InputFiles). */
    private static boolean isGzip(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new UserInputException(p + ": no such file");
        }
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static FrameIndex.Kind kindOf(Path p, ReadOptions read) {
        Format format = read.format() != null ? read.format() : Readers.detect(p); // detection reads through gzip
        return FrameIndex.kind(format, p.toString());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** The plan from the first two frames, read on the driver. */
    private static Plan plan(Trajectory traj, Trajectory.Reading reading, Settings s) {
        if (traj.frames() == 0) {
            throw new UserInputException(s.trajectories().get(0) + ": no frames");
        }
        try (Trajectory.CloseableFrames it = Trajectory.open(traj.segments(0, Math.min(1, traj.frames() - 1)),
                reading)) {
            Structure first = it.next();
            Structure second = it.hasNext() ? it.next() : null;
            return StreamedDipoleDerivative.plan(first, second, s.dt(), s.useFileVelocities(), s.blockFrames());
        }
    }

    /** Consecutive blocks in {@code parts} groups of nearly equal frame counts, with their segments. */
    static List<Work> partition(Trajectory traj, List<Block> blocks, int parts) {
        List<Work> out = new ArrayList<>();
        int from = 0;
        for (int p = 0; p < parts; p++) {
            int to = (int) ((long) blocks.size() * (p + 1) / parts);
            if (to <= from) {
                continue;
            }
            List<Block> mine = new ArrayList<>(blocks.subList(from, to));
            out.add(new Work(out.size(), mine, traj.segments(mine.get(0).fedFirst(), mine.get(mine.size() - 1)
                    .fedLast())));
            from = to;
        }
        return out;
    }

    /** One partition on an executor: its frames, the model's BECs, its CSV rows. */
    static String compute(Work w, Plan plan, Broadcast<BroadcastModel> model, Trajectory.Reading reading) {
        TaskContext task = TaskContext.get();
        if (task != null && task.attemptNumber() == 0 && failFirstAttempt.test(w.partition())) {
            throw new IllegalStateException("injected failure of partition " + w.partition() + " (test)");
        }
        StringBuilder csv = new StringBuilder();
        try (Trajectory.CloseableFrames frames = Trajectory.open(w.segments(), reading)) {
            StreamedDipoleDerivative.blocks(model.value().model(), plan, w.blocks(), frames,
                    (p, r) -> StreamedDipoleDerivative.appendCsv(csv, p, r));
        }
        return csv.toString();
    }

    /** Runs a Spark action; a user's mistake on an executor (a bad frame: file and line) is rethrown as itself. */
    static <T> T unwrap(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // Spark's SparkException is checked, and thrown undeclared from Scala
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UserInputException u) {
                    throw u;
                }
            }
            String m = e.getMessage() == null ? "" : e.getMessage();
            for (String type : new String[] {"org.zstar.io.InputFormatException: ", "org.zstar.util.UserInputException: "}) {
                int at = m.indexOf(type);
                if (at >= 0) {
                    // the cause did not travel with Spark's failure report: keep the executor's message
                    String rest = m.substring(at + type.length());
                    throw new UserInputException(rest.lines().findFirst().orElse(rest), e);
                }
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }
}
