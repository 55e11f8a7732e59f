package org.zstar.cli;

import org.zstar.util.FrameSelection;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The held-out test frames and the training pool, shared by {@code learning-curve}, {@code experiments} and
 * {@code reg-scan} (a picocli mixin: each option and its help text is written here once). These commands always
 * need a test set, so without {@code --test-frames} or {@code --test-fraction} 10 % of the frames are held out at
 * random.
 */
public final class SplitOptions {
    /** Options of a command (a picocli mixin or group); picocli sets them. */
    public SplitOptions() {
    }

    /** The test split: explicit frames or a random fraction (at most one of the two). */
    public static final class TestSplit {
        /** Options of a command (a picocli mixin or group); picocli sets them. */
        public TestSplit() {
        }

        @Option(names = "--test-frames", paramLabel = "SPEC",
                description = "Held-out frames, e.g. 90-99 (0-based over the files in order).")
        String frames;

        @Option(names = "--test-fraction", paramLabel = "F",
                description = "Hold out this fraction of the frames at random, seeded by --seed (default 0.1).")
        Double fraction;
    }

    @ArgGroup(exclusive = true)
    TestSplit split;

    @Option(names = "--train-frames", paramLabel = "SPEC",
            description = "Training pool (default: every frame not held out).")
    String trainFrames;

    /**
     * Train and test frame indices: the explicit SPEC, or a seeded random fraction (default 0.1).
     *
     * @param n the number of frames over all data files
     * @param seed the seed of the random test fraction
     * @return {train indices, test indices}, 0-based
     * @throws UsageException when no frame is left for testing
     */
    int[][] trainTest(int n, long seed) {
        Double fraction = split != null && split.frames == null && split.fraction != null ? split.fraction
                : (split == null || split.frames == null ? Double.valueOf(0.1) : null);
        FrameSelection.Split parts = FrameSelection.trainTest(n, split == null ? null : split.frames, fraction,
                trainFrames, seed);
        if (parts.test().length == 0) {
            throw new UsageException("no test frames (use --test-frames or --test-fraction)");
        }
        return new int[][] {parts.train(), parts.test()};
    }
}
