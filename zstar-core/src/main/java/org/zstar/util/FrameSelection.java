package org.zstar.util;

import java.util.Arrays;
import java.util.Random;

/**
 * Frame selections: explicit frame lists ({@code "0-89"}, {@code "90-99,120"}: 0-based, inclusive ranges,
 * over the concatenation of the input files in the order given) and deterministic train/test splits.
 * Errors are {@link UserInputException}s with a message naming the offending part.
 */
public final class FrameSelection {
    private FrameSelection() {
    }

    /** A train/test split: both sorted ascending, disjoint, together all frames. */
    public static final class Split {
        private final int[] train;
        private final int[] test;

        Split(int[] train, int[] test) {
            this.train = train;
            this.test = test;
        }

        /** {@return the training frame indices, 0-based} */
        public int[] train() {
            return train.clone();
        }

        /** {@return the test frame indices, 0-based} */
        public int[] test() {
            return test.clone();
        }

        @Override
        public String toString() {
            return train.length + " training frames, " + test.length + " test frames";
        }
    }

    /**
     * Parses a frame list SPEC against {@code frameCount} frames: comma-separated 0-based indices and
     * inclusive ranges {@code a-b}; whitespace around items is ignored. Returns the frames sorted
     * ascending. Rejects empty items, non-numbers, reversed ranges, frames out of range and frames listed
     * twice.
     *
     * @param spec the SPEC
     * @param frameCount the number of frames
     * @return the indices, in the order given
     */
    public static int[] parse(String spec, int frameCount) {
        if (frameCount < 0) {
            throw new UserInputException("negative frame count " + frameCount);
        }
        if (spec == null || spec.isBlank()) {
            throw new UserInputException("empty frame list");
        }
        boolean[] seen = new boolean[frameCount];
        int count = 0;
        for (String raw : spec.split(",", -1)) {
            String item = raw.trim();
            if (item.isEmpty()) {
                throw new UserInputException("frame list '" + spec + "': empty item");
            }
            int dash = item.indexOf('-', 1);
            int lo, hi;
            if (dash < 0) {
                lo = hi = number(item, spec);
            } else {
                lo = number(item.substring(0, dash).trim(), spec);
                hi = number(item.substring(dash + 1).trim(), spec);
                if (hi < lo) {
                    throw new UserInputException("frame list '" + spec + "': range " + item + " is reversed");
                }
            }
            if (hi >= frameCount) {
                throw new UserInputException("frame list '" + spec + "': frame " + hi + " out of range (the input has "
                        + frameCount + " frames, 0-" + (frameCount - 1) + ")");
            }
            for (int f = lo; f <= hi; f++) {
                if (seen[f]) {
                    throw new UserInputException("frame list '" + spec + "': frame " + f + " listed twice");
                }
                seen[f] = true;
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int f = 0; f < frameCount; f++) {
            if (seen[f]) {
                out[k++] = f;
            }
        }
        return out;
    }

    private static int number(String s, String spec) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw new UserInputException("frame list '" + spec + "': '" + s
                    + "' is not a frame index (0-based non-negative integer)");
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException ex) {
            throw new UserInputException("frame list '" + spec + "': '" + s + "' is too large");
        }
    }

    /**
     * The frames of {@code 0..frameCount-1} not in {@code frames} (sorted).
     *
     * @param frames the frames
     * @param frameCount the number of frames
     * @return the complement, sorted
     */
    public static int[] complement(int[] frames, int frameCount) {
        boolean[] in = new boolean[frameCount];
        for (int f : frames) {
            if (f < 0 || f >= frameCount) {
                throw new UserInputException("frame " + f + " out of range 0-" + (frameCount - 1));
            }
            in[f] = true;
        }
        int[] out = new int[frameCount];
        int k = 0;
        for (int f = 0; f < frameCount; f++) {
            if (!in[f]) {
                out[k++] = f;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /**
     * The split whose test frames are given by SPEC, the rest training.
     *
     * @param testSpec the SPEC of the test frames
     * @param frameCount the number of frames
     * @return the split
     */
    public static Split explicit(String testSpec, int frameCount) {
        int[] test = parse(testSpec, frameCount);
        return new Split(complement(test, frameCount), test);
    }

    private static int testCount(double testFraction, int frameCount) {
        if (!(testFraction > 0) || !(testFraction < 1)) {
            throw new UserInputException("test fraction must be in (0, 1), got " + testFraction);
        }
        if (frameCount < 2) {
            throw new UserInputException("cannot split " + frameCount + " frame(s) into training and test sets");
        }
        // round(F * count), at least 1 and at most count - 1
        long t = Math.round(testFraction * frameCount);
        return (int) Math.max(1, Math.min(frameCount - 1, t));
    }

    /**
     * Seeded random split: {@code round(F * count)} test frames (at least 1, at most count - 1) drawn by a
     * Fisher-Yates shuffle with {@code new Random(seed)}; the same seed gives the same split.
     *
     * @param frameCount the number of frames
     * @param testFraction the fraction F of test frames
     * @param seed the seed
     * @return the split
     */
    public static Split random(int frameCount, double testFraction, long seed) {
        int nt = testCount(testFraction, frameCount);
        int[] perm = new int[frameCount];
        for (int i = 0; i < frameCount; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = frameCount - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] test = Arrays.copyOf(perm, nt);
        Arrays.sort(test);
        return new Split(complement(test, frameCount), test);
    }

    /**
     * Even-spaced split: test frames {@code floor((i + 0.5) * count / nTest)}, i = 0..nTest-1, spread
     * uniformly over the trajectory (nTest = round(F * count) as in {@link #random}).
     *
     * @param frameCount the number of frames
     * @param testFraction the fraction F of test frames
     * @return the split
     */
    public static Split evenlySpaced(int frameCount, double testFraction) {
        int nt = testCount(testFraction, frameCount);
        int[] test = new int[nt];
        for (int i = 0; i < nt; i++) {
            test[i] = (int) Math.floor((i + 0.5) * frameCount / nt);
        }
        return new Split(complement(test, frameCount), test);
    }

    /**
     * The train/test split of {@code frameCount} frames from the usual options: held-out frames by SPEC
     * ({@code testSpec}) or as a seeded random fraction ({@code testFraction}; neither = no test frames), and
     * the training frames by SPEC ({@code trainSpec}; null = every frame not held out). The two sets must be
     * disjoint and the training set non-empty.
     *
     * @param frameCount the number of frames
     * @param testSpec the SPEC of the test frames, or null
     * @param testFraction the fraction of test frames, or null
     * @param trainSpec the SPEC of the training frames, or null for every frame not held out
     * @param seed the seed of the random fraction
     * @return the split
     */
    public static Split trainTest(int frameCount, String testSpec, Double testFraction, String trainSpec, long seed) {
        if (testSpec != null && testFraction != null) {
            throw new UserInputException("give held-out frames either as a list or as a fraction, not both");
        }
        int[] test = testSpec != null ? parse(testSpec, frameCount)
                : testFraction != null ? random(frameCount, testFraction, seed).test() : new int[0];
        int[] train = trainSpec != null ? parse(trainSpec, frameCount) : complement(test, frameCount);
        for (int t : train) {
            if (java.util.Arrays.binarySearch(test, t) >= 0) {
                throw new UserInputException("frame " + t + " is both a training and a test frame");
            }
        }
        if (train.length == 0) {
            throw new UserInputException("no training frames left");
        }
        return new Split(train, test);
    }
}
