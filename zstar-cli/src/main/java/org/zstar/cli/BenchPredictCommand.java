package org.zstar.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zstar bench predict}: atoms per second and peak heap of BEC predictions on supercells of one frame, for a
 * given model or one trained here on a few frames (docs/PERFORMANCE.md, "BEC prediction").
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Atoms per second (wall and worker CPU) and peak heap of BEC predictions on n1 x n2 x n3",
            "supercells of the first frame of --data. Without --model, a model is first trained with",
            "`zstar train --model combined` plus --train-options on the first --train-frames frames of --data."})
public final class BenchPredictCommand implements Runnable {
    /** The recipe of docs/RESULTS.md (combined, modulated feature dipoles, offsets, R3 = 6 A). */
    static final String RECIPE = "--dipole-kernel features --dipole-modulators 3 --charge-offsets --r3 6";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model file (default: train one, see above).")
    Path modelFile;

    @Option(names = "--train-frames", defaultValue = "4", paramLabel = "N",
            description = "Frames of --data to train on when no --model is given (default: ${DEFAULT-VALUE}).")
    int trainFrames;

    @Option(names = "--train-options", defaultValue = RECIPE, paramLabel = "OPTIONS",
            description = "Options added to `train --model combined` (default: '${DEFAULT-VALUE}').")
    String trainOptions;

    @Option(names = "--supercells", split = ",", paramLabel = "AxBxC[,...]",
            defaultValue = "1x1x1,2x2x2,4x4x2,4x4x4,8x4x4,8x8x8",
            description = "Supercells of the first frame to time (default: ${DEFAULT-VALUE}).")
    List<String> supercells;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "R",
            description = "Timed predictions per size; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--route", defaultValue = "model", paramLabel = "model|design",
            description = "model: KernelBecModel.predict (reverse-mode contraction); design: through the full "
                    + "derivative design, for comparison (default: ${DEFAULT-VALUE}).")
    String route;

    @Override
    public void run() {
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1 || repeat < 1 || trainFrames < 1) {
            throw new UsageException("--threads, --repeat and --train-frames must be >= 1");
        }
        if (!route.equals("model") && !route.equals("design")) {
            throw new UsageException("--route must be model or design, got '" + route + "'");
        }
        List<int[]> sizes = new ArrayList<>();
        for (String sc : supercells) {
            sizes.add(parseSupercell(sc));
        }
        List<Structure> frames = data.readAll();
        Structure cell = frames.get(0);
        if (!cell.isPeriodic()) {
            throw new UsageException("the first frame of --data has no periodic cell to repeat");
        }
        PrintWriter out = spec.commandLine().getOut();
        KernelBecModel model = modelFile != null ? ModelFiles.load(modelFile) : trainModel(frames.size(), out);
        boolean design = route.equals("design");
        out.printf(Locale.ROOT, "# zstar bench predict: %s model (%s, %d weights), route %s (%s), %d threads, "
                        + "median of %d%n", model.spec().kind().label(), model.spec().dipoleKernel(),
                model.weights().length, route, design ? "full design" : model.predictsByContraction()
                        ? "reverse-mode contraction" : "design (descriptors not contractible)", nThreads, repeat);
        out.printf(Locale.ROOT, "%-10s %7s %10s %10s %12s %12s %14s%n", "supercell", "atoms", "s/frame", "atoms/s",
                "cpu-s/frame", "atoms/cpu-s", "peak-heap-MB");
        out.flush();
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ForkJoinPool pool = new ForkJoinPool(nThreads, p -> {
            ForkJoinWorkerThread th = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            workers.add(th);
            return th;
        }, null, false);
        try {
            for (int[] n : sizes) {
                Structure s = supercell(cell, n[0], n[1], n[2]);
                Runnable once = () -> {
                    if (design) {
                        model.predictByDesign(s);
                    } else {
                        model.predict(s);
                    }
                };
                pool.submit(once).get(); // warm-up (JIT) and a check that it runs at all
                System.gc();
                resetPeaks();
                double[] wall = new double[repeat];
                double[] cpu = new double[repeat];
                for (int r = 0; r < repeat; r++) {
                    long c0 = BenchCommand.workerCpuNanos(workers);
                    long t0 = System.nanoTime();
                    pool.submit(once).get();
                    wall[r] = (System.nanoTime() - t0) * 1e-9;
                    cpu[r] = (BenchCommand.workerCpuNanos(workers) - c0) * 1e-9;
                }
                double sec = BenchCommand.median(wall);
                double cpuSec = BenchCommand.median(cpu);
                out.printf(Locale.ROOT, "%-10s %7d %10.3f %10.0f %12.3f %12.0f %14.0f%n", n[0] + "x" + n[1] + "x" + n[2],
                        s.size(), sec, s.size() / sec, cpuSec, s.size() / cpuSec, peakHeapBytes() / 1048576.0);
                out.flush();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (ex.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(ex.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** Trains `train --model combined` + the options on the first frames, into a temporary file. */
    private KernelBecModel trainModel(int available, PrintWriter out) {
        int k = Math.min(trainFrames, available);
        try {
            Path tmp = Files.createTempFile("zstar-bench-predict", ".zstar");
            try {
                List<String> args = new ArrayList<>(List.of("train", "--model", "combined", "--train-frames",
                        "0-" + (k - 1), "--out", tmp.toString()));
                if (threads != null) {
                    args.addAll(List.of("--threads", threads.toString()));
                }
                if (!trainOptions.isBlank()) {
                    args.addAll(List.of(trainOptions.trim().split("\\s+")));
                }
                args.add("--data");
                for (Path f : data.files) {
                    args.add(f.toString());
                }
                out.printf("# training: zstar %s%n", String.join(" ", args));
                out.flush();
                int rc = Main.newCommandLine().execute(args.toArray(new String[0]));
                if (rc != 0) {
                    throw new UsageException("training the benchmark model failed (exit " + rc + ")");
                }
                return ModelFiles.load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static int[] parseSupercell(String s) {
        String[] t = s.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (t.length == 3) {
                int[] n = {Integer.parseInt(t[0]), Integer.parseInt(t[1]), Integer.parseInt(t[2])};
                if (n[0] >= 1 && n[1] >= 1 && n[2] >= 1) {
                    return n;
                }
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        throw new UsageException("--supercells: expected AxBxC with positive integers, got '" + s + "'");
    }

    /** The n1 x n2 x n3 repetition of a periodic frame (BECs and other per-atom arrays dropped). */
    static Structure supercell(Structure s, int n1, int n2, int n3) {
        Cell c = s.cell();
        int n = s.size();
        int reps = n1 * n2 * n3;
        double[] pos = new double[3 * n * reps];
        String[] sym = new String[n * reps];
        double[] r = s.positionsView();
        int k = 0;
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                for (int l = 0; l < n3; l++) {
                    for (int a = 0; a < n; a++) {
                        for (int x = 0; x < 3; x++) {
                            pos[3 * k + x] = r[3 * a + x] + i * c.vector(0, x) + j * c.vector(1, x) + l * c.vector(2, x);
                        }
                        sym[k++] = s.symbol(a);
                    }
                }
            }
        }
        int[] m = {n1, n2, n3};
        double[][] v = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int x = 0; x < 3; x++) {
                v[a][x] = m[a] * c.vector(a, x);
            }
        }
        return Structure.builder().symbols(sym).positions(pos).cell(new Cell(v, c.pbc())).build();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the reset: an upper bound of the peak heap (garbage included). */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
