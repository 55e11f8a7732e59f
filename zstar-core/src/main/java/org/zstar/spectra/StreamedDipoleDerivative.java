package org.zstar.spectra;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * dM/dt = sum_j Z_j v_j ((D1) in docs/THEORY.md) of a trajectory of any length with memory independent of its
 * length: frames are cut into blocks of {@code blockFrames} consecutive frames, each block is fed to a fresh
 * {@link DipoleDerivativeSeries} together with its neighbouring frames (the halo that central differences
 * need), and its rows are handed on before the next block starts. The same blocks computed anywhere (one
 * machine streaming, or the partitions of a cluster job) give bit-identical rows, because each block sees exactly
 * the same frames in the same order.
 *
 * <p>Block layout for N frames and block size B ({@link #layout}): blocks {@code [kB, min(N, (k+1)B))}; a last
 * block of a single frame joins the one before. With velocities by differences, block {@code [s, e)} is fed
 * frames {@code s-1 .. e} (clipped to the trajectory), so every row of the block gets the stencil it has in one
 * pass over the whole trajectory: central inside, the second-order one-sided ones at frames 0 and N-1 (a last
 * block always holds at least two frames, so it is fed at least three).
 *
 * <p>Checks (the user's mistakes, {@link UserInputException}): the same number of atoms in every frame; equally
 * spaced frames, from the MD step numbers of LAMMPS dumps ({@code timestep}) and from the {@code time_fs} of
 * extended XYZ frames; {@code --dt} against that {@code time_fs} spacing; at least three frames when velocities
 * come from differences.
 */
public final class StreamedDipoleDerivative {
    /** Default frames per block: small enough that a trajectory of a few hundred frames spreads over a few cores. */
    public static final int DEFAULT_BLOCK_FRAMES = 100;
    /** CSV header, the one of {@code zstar md --bec-model}'s PREFIX-dmdt.csv (read by {@link DipoleDerivativeCsv}). */
    public static final String HEADER = DipoleDerivativeSampler.HEADER.strip();
    /** Relative tolerance on the time_fs spacing of the frames (zstar md prints time with 6 decimals). */
    private static final double TIME_TOLERANCE = 1e-6;

    private StreamedDipoleDerivative() {
    }

    /**
     * What the first two frames fix for the whole trajectory.
     *
     * @param fileVelocities velocities read from the frames (else central differences of positions)
     * @param dt time between frames (fs)
     * @param t0 time of frame 0 (its time_fs, else 0)
     * @param timed whether the frames carry time_fs (then every frame is checked against t0 + i dt)
     * @param atoms the number of atoms of every frame
     * @param step0 MD step of frame 0 (LAMMPS timestep), or null
     * @param stride MD steps between frames, or null
     * @param blockFrames the frames per block
     * @serial exclude
     */
    public record Plan(boolean fileVelocities, double dt, double t0, boolean timed, int atoms, Long step0, Long stride,
            int blockFrames) implements java.io.Serializable {
        /**
         * Time of frame i (fs).
         *
         * @param i the frame index
         * @return the time (fs)
         */
        public double time(long i) {
            return t0 + i * dt;
        }
    }

    /**
     * Rows {@code first .. end-1} of a block; the block is fed frames {@code fedFirst .. fedLast} (inclusive).
     *
     * @param first the first row
     * @param end one past the last row
     * @param fedFirst the first frame the block reads
     * @param fedLast the last frame the block reads
     * @serial exclude
     */
    public record Block(long first, long end, long fedFirst, long fedLast) implements java.io.Serializable {
        /** {@return the number of rows, end - first} */
        public int rows() {
            return (int) (end - first);
        }
    }

    /**
     * dM/dt (3 per row, e*A/fs) and cell volume (A^3, NaN without a periodic cell) of rows first..;
     *
     * @param first the index of the first row
     * @param dmdt dM/dt (e A/fs), 3 numbers per row
     * @param volume the cell volume of each row (A^3, NaN without a periodic cell)
     */
    public record Rows(long first, double[] dmdt, double[] volume) {
        /** {@return the number of rows} */
        public int rows() {
            return volume.length;
        }
    }

    /** Receives the rows of each block in frame order, with the trajectory's plan (times are plan.time(i)). */
    @FunctionalInterface
    public interface RowSink {
        /**
         * Receives one block's rows.
         *
         * @param plan the trajectory's plan
         * @param rows the rows
         */
        void accept(Plan plan, Rows rows);
    }

    /**
     * The plan from the first two frames ({@code second} null for a one-frame trajectory).
     *
     * @param dtOption time between frames in fs, or null to take it from the frames' time_fs
     * @param useFileVelocities take velocities from the frames when the first frame has them
     * @param first the first frame
     * @param second the second frame, or null
     * @param blockFrames the frames per block, at least 2
     * @return the plan
     */
    public static Plan plan(Structure first, Structure second, Double dtOption, boolean useFileVelocities,
            int blockFrames) {
        if (blockFrames < 2) {
            throw new UserInputException("frames per block must be at least 2, got " + blockFrames);
        }
        Double t0 = number(first.info().get("time_fs"));
        Double t1 = second == null ? null : number(second.info().get("time_fs"));
        boolean timed = t0 != null && t1 != null;
        double dt;
        if (dtOption != null) {
            if (!(dtOption > 0) || !Double.isFinite(dtOption)) {
                throw new UserInputException("--dt must be a positive number of fs, got " + dtOption);
            }
            dt = dtOption;
            if (timed && Math.abs((t1 - t0) - dt) > TIME_TOLERANCE * Math.max(dt, Math.abs(t1))) {
                throw new UserInputException("--dt " + dt + " fs disagrees with the frames, whose time_fs goes from "
                        + t0 + " to " + t1 + " fs");
            }
        } else if (timed && t1 > t0) {
            dt = t1 - t0;
        } else {
            throw new UserInputException("the frames carry no time_fs spacing: give the time between frames with --dt");
        }
        Long step0 = first.info().get("timestep") instanceof Long s ? s : null;
        Long step1 = second != null && second.info().get("timestep") instanceof Long s ? s : null;
        Long stride = step0 != null && step1 != null ? step1 - step0 : null;
        if (stride != null && stride <= 0) {
            throw new UserInputException("frame 1 is at MD step " + step1 + " after step " + step0
                    + "; the frames must be equally spaced in time");
        }
        boolean fileVelocities = useFileVelocities && first.has(Structure.VELOCITIES);
        return new Plan(fileVelocities, dt, timed ? t0 : 0.0, timed, first.size(), step0, stride, blockFrames);
    }

    private static Double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    /**
     * The blocks of a trajectory of {@code frames} frames (see the class comment).
     *
     * @param frames the number of frames
     * @param plan the plan
     * @return the blocks, in order
     */
    public static List<Block> layout(long frames, Plan plan) {
        if (!plan.fileVelocities() && frames < 3) {
            throw new UserInputException("velocities by finite differences need at least 3 frames, got " + frames);
        }
        int b = plan.blockFrames();
        List<Block> blocks = new ArrayList<>();
        for (long s = 0; s < frames; s += b) {
            long e = Math.min(frames, s + b);
            if (frames - e == 1) {
                e = frames; // a last block of one frame joins this one
            }
            if (plan.fileVelocities()) {
                blocks.add(new Block(s, e, s, e - 1));
            } else {
                blocks.add(new Block(s, e, Math.max(0, s - 1), Math.min(frames - 1, e)));
            }
            if (e == frames) {
                break;
            }
        }
        return blocks;
    }

    /**
     * Computes one block from its fed frames ({@code fed} yields frames {@code block.fedFirst() ..
     * block.fedLast()}, nothing more is read).
     *
     * @param model the BEC model
     * @param plan the plan
     * @param block the block
     * @param fed its frames
     * @return the rows
     */
    public static Rows block(BecModel model, Plan plan, Block block, Iterator<Structure> fed) {
        DipoleDerivativeSeries series = DipoleDerivativeSeries.bec(model, plan.dt(), plan.fileVelocities());
        int n = (int) (block.fedLast() - block.fedFirst() + 1);
        double[] volume = new double[block.rows()];
        for (int k = 0; k < n; k++) {
            if (!fed.hasNext()) {
                throw new UserInputException("the trajectory ended at frame " + (block.fedFirst() + k)
                        + ", frame " + block.fedLast() + " was expected");
            }
            long index = block.fedFirst() + k;
            Structure frame = fed.next();
            check(plan, index, frame);
            accept(series, frame, index);
            if (index >= block.first() && index < block.end()) {
                volume[(int) (index - block.first())] = volumeOf(frame);
            }
        }
        return rows(series, block, volume);
    }

    private static Rows rows(DipoleDerivativeSeries series, Block block, double[] volume) {
        double[] all = finish(series);
        int skip = (int) (block.first() - block.fedFirst());
        double[] d = java.util.Arrays.copyOfRange(all, 3 * skip, 3 * (skip + block.rows()));
        return new Rows(block.first(), d, volume);
    }

    /**
     * Streams a whole trajectory: reads {@code frames} once, holds at most a block of rows and three frames, and
     * hands the rows to {@code sink} block by block, in the layout of {@link #layout} (so rows equal those of
     * blocks computed elsewhere bit for bit). Returns the plan (null for an empty trajectory).
     *
     * @param model the BEC model
     * @param frames the trajectory
     * @param dtOption the time between frames (fs), or null to take it from the frames' time_fs
     * @param useFileVelocities take velocities from the frames when the first frame has them
     * @param blockFrames the frames per block
     * @param sink receives the rows
     * @return the plan
     */
    public static Plan stream(BecModel model, Iterator<Structure> frames, Double dtOption, boolean useFileVelocities,
            int blockFrames, RowSink sink) {
        if (!frames.hasNext()) {
            return null;
        }
        Structure first = frames.next();
        Structure second = frames.hasNext() ? frames.next() : null;
        Plan plan = plan(first, second, dtOption, useFileVelocities, blockFrames);
        BecModel cached = new RecentPredictions(model);
        Iterator<Structure> all = prepend(first, second, frames);
        int halo = plan.fileVelocities() ? 0 : 1;
        long s = 0;          // first row of the current block
        long index = 0;      // index of the next frame
        DipoleDerivativeSeries series = null;
        List<Structure> recent = new ArrayList<>(); // the last frames, for the next block's halo
        double[] volume = new double[blockFrames + 1];
        while (all.hasNext()) {
            Structure frame = all.next();
            check(plan, index, frame);
            if (series == null || index == s + blockFrames + halo) {
                if (series != null) {
                    long e = s + blockFrames;
                    sink.accept(plan, rows(series, new Block(s, e, Math.max(0, s - halo), e - 1 + halo), slice(volume,
                            blockFrames)));
                    s = e;
                }
                series = DipoleDerivativeSeries.bec(cached, plan.dt(), plan.fileVelocities());
                long from = Math.max(0, s - halo);
                for (int k = 0; k < recent.size(); k++) {
                    long i = index - recent.size() + k;
                    if (i >= from) {
                        accept(series, recent.get(k), i);
                    }
                    if (i >= s) {
                        volume[(int) (i - s)] = volumeOf(recent.get(k));
                    }
                }
            }
            accept(series, frame, index);
            if (index - s <= blockFrames) {
                volume[(int) (index - s)] = volumeOf(frame);
            }
            recent.add(frame);
            if (recent.size() > 2 * halo) {
                recent.remove(0);
            }
            index++;
        }
        if (!plan.fileVelocities() && index < 3) {
            throw new UserInputException("velocities by finite differences need at least 3 frames, got " + index);
        }
        sink.accept(plan, rows(series, new Block(s, index, Math.max(0, s - halo), index - 1), slice(volume,
                (int) (index - s))));
        return plan;
    }

    /**
     * Computes consecutive blocks (in layout order) from one pass over their frames: {@code frames} yields the
     * frames from {@code blocks.get(0).fedFirst()} on; the halo frames that neighbouring blocks share are read and
     * predicted once. Rows go to {@code sink} block by block.
     *
     * @param model the BEC model
     * @param plan the plan
     * @param blocks the blocks, in layout order
     * @param frames the frames from the first block's first fed frame on
     * @param sink receives the rows
     */
    public static void blocks(BecModel model, Plan plan, List<Block> blocks, Iterator<Structure> frames,
            RowSink sink) {
        if (blocks.isEmpty()) {
            return;
        }
        BecModel cached = new RecentPredictions(model);
        java.util.ArrayDeque<Structure> window = new java.util.ArrayDeque<>(); // the last frames read
        long[] next = {blocks.get(0).fedFirst()}; // index of the next frame of `frames`
        for (Block b : blocks) {
            if (b.fedFirst() > next[0] || b.fedFirst() < next[0] - window.size()) {
                throw new IllegalArgumentException("blocks are not consecutive: " + b + " after frame " + (next[0] - 1));
            }
            Iterator<Structure> fed = new Iterator<>() {
                private long index = b.fedFirst();

                @Override
                public boolean hasNext() {
                    return index < next[0] || frames.hasNext();
                }

                @Override
                public Structure next() {
                    Structure s;
                    if (index < next[0]) {
                        s = (Structure) window.toArray()[(int) (window.size() - (next[0] - index))];
                    } else {
                        s = frames.next();
                        window.addLast(s);
                        if (window.size() > 2) {
                            window.removeFirst();
                        }
                        next[0]++;
                    }
                    index++;
                    return s;
                }
            };
            sink.accept(plan, block(cached, plan, b, fed));
        }
    }

    private static double volumeOf(Structure frame) {
        return frame.isPeriodic() ? frame.cell().volume() : Double.NaN;
    }

    private static double[] slice(double[] a, int n) {
        return java.util.Arrays.copyOf(a, n);
    }

    private static void accept(DipoleDerivativeSeries series, Structure frame, long index) {
        try {
            series.accept(frame);
        } catch (UserInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // DipoleDerivativeSeries reports inconsistent frames (no velocities, no BECs) this way
            throw new UserInputException("frame " + index + ": " + e.getMessage(), e);
        }
    }

    private static double[] finish(DipoleDerivativeSeries series) {
        try {
            return series.finish();
        } catch (UserInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /**
     * The per-frame checks of the class comment, for frame {@code index} of the trajectory.
     *
     * @param plan the plan
     * @param index the frame index
     * @param frame the frame
     */
    public static void check(Plan plan, long index, Structure frame) {
        if (frame.size() != plan.atoms()) {
            throw new UserInputException("frame " + index + " has " + frame.size() + " atoms, frame 0 has "
                    + plan.atoms());
        }
        if (plan.stride() != null) {
            Object step = frame.info().get("timestep");
            long expected = plan.step0() + index * plan.stride();
            if (!(step instanceof Long st) || st != expected) {
                throw new UserInputException("frame " + index + " is at MD step " + step + ", expected " + expected
                        + " (frames " + plan.stride() + " steps apart); the frames must be equally spaced in time");
            }
        }
        if (plan.timed()) {
            Double t = number(frame.info().get("time_fs"));
            double expected = plan.time(index);
            if (t == null || Math.abs(t - expected) > TIME_TOLERANCE * Math.max(plan.dt(), Math.abs(expected))) {
                throw new UserInputException("frame " + index + " is at time_fs " + t + ", expected " + expected
                        + " (frames " + plan.dt() + " fs apart); the frames must be equally spaced in time");
            }
        }
    }

    /**
     * Appends the CSV lines of {@code rows} (the format of zstar md's PREFIX-dmdt.csv).
     *
     * @param out the text to append to
     * @param plan the plan, for the times
     * @param rows the rows
     */
    public static void appendCsv(StringBuilder out, Plan plan, Rows rows) {
        double[] d = rows.dmdt();
        for (int r = 0; r < rows.rows(); r++) {
            double v = rows.volume()[r];
            out.append(String.format(Locale.ROOT, "%.6f,%.10g,%.10g,%.10g,%s%n", plan.time(rows.first() + r),
                    d[3 * r], d[3 * r + 1], d[3 * r + 2], Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.8g", v)));
        }
    }

    private static Iterator<Structure> prepend(Structure first, Structure second, Iterator<Structure> rest) {
        return new Iterator<>() {
            private int given;

            @Override
            public boolean hasNext() {
                return given == 0 || (given == 1 && second != null) || (second != null && rest.hasNext());
            }

            @Override
            public Structure next() {
                given++;
                return given == 1 ? first : given == 2 && second != null ? second : rest.next();
            }
        };
    }

    /**
     * The model with its last few predictions remembered by frame identity: the halo frames that two neighbouring
     * blocks share are predicted once when streaming.
     */
    private static final class RecentPredictions implements BecModel {
        private final BecModel model;
        private final Map<Structure, BecPrediction> recent = new IdentityHashMap<>();
        private final List<Structure> order = new ArrayList<>();

        RecentPredictions(BecModel model) {
            this.model = model;
        }

        @Override
        public List<String> species() {
            return model.species();
        }

        @Override
        public BecPrediction predict(Structure structure) {
            BecPrediction p = recent.get(structure);
            if (p == null) {
                p = model.predict(structure);
                recent.put(structure, p);
                order.add(structure);
                if (order.size() > 4) {
                    recent.remove(order.remove(0));
                }
            }
            return p;
        }
    }
}
