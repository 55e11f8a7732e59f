package org.zstar.analysis;

import java.util.List;
import java.util.Locale;
import org.zstar.io.BecRows;
import org.zstar.structure.Structure;

/**
 * What the rotational sum rule (RSR) says about the row convention of a set of BECs (docs/THEORY.md, "The row
 * convention on load"): over the isolated molecules with BECs and a dipole, the mean residual of
 * {@link BecSumRules#rotationalResidualMax} with the blocks as read and with each block transposed. The data
 * decide when one reading's mean residual is at least {@link #CLEAR_RATIO} times smaller than the other's;
 * periodic frames and frames without a dipole cannot tell (undecided).
 *
 * @param frames            molecular frames that entered the test
 * @param asReadMean        mean residual (e*A) with the blocks as read
 * @param transposedMean    mean residual (e*A) with every block transposed
 */
public record BecRowsVerdict(int frames, double asReadMean, double transposedMean) {
    /** A reading must fit this many times better than the other for the data to decide. */
    public static final double CLEAR_RATIO = 5.0;

    /**
     * The verdict on frames as read (whatever row convention the reader applied).
     *
     * @param framesAsRead the frames with BECs, in whatever row convention their reader applied
     * @return the verdict of the rotational sum rule on the molecular frames among them
     */
    public static BecRowsVerdict of(List<Structure> framesAsRead) {
        int n = 0;
        double asRead = 0;
        double transposed = 0;
        for (Structure s : framesAsRead) {
            BecSumRules.RotationalCheck rc = BecSumRules.rotationalCheck(s);
            if (rc != null) {
                n++;
                asRead += rc.fieldRows();
                transposed += rc.displacementRows();
            }
        }
        return n == 0 ? new BecRowsVerdict(0, Double.NaN, Double.NaN)
                : new BecRowsVerdict(n, asRead / n, transposed / n);
    }

    /** {@return whether the blocks as read satisfy the rule clearly better than transposed} */
    public boolean asReadFits() {
        return frames > 0 && asReadMean * CLEAR_RATIO < transposedMean;
    }

    /**
     * Transposed blocks satisfy the rule clearly better than as read: the rows were read the wrong way.
     *
     * @return true when the transposed blocks fit the rotational sum rule clearly better than the blocks as read
     */
    public boolean transposedFits() {
        return frames > 0 && transposedMean * CLEAR_RATIO < asReadMean;
    }

    /** {@return whether neither reading is clearly better (no molecular frames, or symmetric tensors)} */
    public boolean undecided() {
        return !asReadFits() && !transposedFits();
    }

    /**
     * "the rotational sum rule of N molecular frames: mean residual X e*A with rows = field, Y e*A with rows =
     * displacement", for blocks that were read with rows meaning {@code readAs}.
     *
     * @param readAs the row convention the blocks were read with
     * @return the evidence as one sentence for messages
     */
    public String evidence(BecRows readAs) {
        BecRows other = readAs.transposed();
        return String.format(Locale.ROOT, "the rotational sum rule of %d molecular frame%s: mean residual %.3g e*A with "
                + "rows = %s, %.3g e*A with rows = %s", frames, frames == 1 ? "" : "s", asReadMean, readAs.label(),
                transposedMean, other.label());
    }
}
