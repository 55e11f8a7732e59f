package org.zstar.models;

import java.util.HashMap;
import java.util.Map;

/**
 * The designs of the last training frames, kept from the assembly for the error-bar calibration, which holds those
 * frames out (docs/THEORY.md (U5)) and would otherwise design each of them twice more. Kept only while they fit a
 * memory budget; a frame that does not fit is designed again when the calibration needs it. A design is the same
 * numbers however it is obtained, so the budget changes the time, never the model.
 */
public final class KeptDesigns {
    private final int from;
    private long budget;
    private final Map<Integer, FrameDesign> kept = new HashMap<>();

    private KeptDesigns(int from, long budget) {
        this.from = from;
        this.budget = budget;
    }

    /** Keeps nothing. */
    static KeptDesigns none() {
        return new KeptDesigns(Integer.MAX_VALUE, 0);
    }

    /**
     * Keeps the designs of frames {@code from} and later, up to half of what the heap has left once the
     * calibration's own matrices are counted: the normal matrix, its shifted copy and factor, and the posterior
     * (four M x M arrays of doubles), with 256 MB of headroom.
     *
     * @param from the first frame to keep (e.g. {@link PosteriorCalibration#firstHeldOut})
     * @param columns the number of weights M
     * @return the store
     */
    static KeptDesigns lastFrames(int from, int columns) {
        long matrices = 4L * columns * columns * Double.BYTES;
        long free = Runtime.getRuntime().maxMemory() - matrices - (256L << 20);
        return new KeptDesigns(from, Math.max(0, free / 2));
    }

    /** Offers frame f's design (called in frame order): kept when f is one of the last frames and it fits. */
    void offer(int f, FrameDesign d) {
        if (f < from) {
            return;
        }
        long bytes = bytes(d);
        if (bytes <= budget) {
            kept.put(f, d);
            budget -= bytes;
        }
    }

    /**
     * Frame f's design, if it was kept.
     *
     * @param f the training frame
     * @return the design, or null
     */
    FrameDesign get(int f) {
        return kept.get(f);
    }

    /** Lets the kept designs go (after the calibration). */
    void clear() {
        kept.clear();
        budget = 0;
    }

    /** {@return the number of designs kept} */
    int size() {
        return kept.size();
    }

    private static long bytes(FrameDesign d) {
        long n = 0;
        for (double[] a : new double[][] {d.bec, d.becConstant, d.dipolePart, d.charges, d.chargeConstant, d.dipoles,
            d.polarization, d.polarizationConstant}) {
            n += a == null ? 0 : a.length;
        }
        return n * Double.BYTES;
    }
}
