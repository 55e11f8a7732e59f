package org.zstar.models;

/**
 * The linear map from the weight vector w (M columns) to everything a BEC model predicts for one frame:
 * {@code quantity = design * w + constant}, row-major designs. Training stacks the BEC rows (and charge rows
 * for the charge regularisation); prediction multiplies by the fitted weights, so both share one code path.
 */
public final class FrameDesign {
    /** Number of atoms N. */
    public final int atoms;
    /** Number of weight columns M. */
    public final int columns;
    /** 9N x M: {@code Z[9j+3a+b]}. */
    public final double[] bec;
    /** 9N: the BEC part that does not depend on the weights. */
    public final double[] becConstant;
    /** 9N x M, the dipole part of bec only (null when the model has no dipoles). */
    public final double[] dipolePart;
    /** N x M: neutralised charges q_j. */
    public final double[] charges;
    /** N: the charge part that does not depend on the weights. */
    public final double[] chargeConstant;
    /** 3N x M: atomic dipoles p_i (null when the model has no dipoles). */
    public final double[] dipoles;
    /** 3 x M and 3: polarisation P = sum q r + sum p with the positions as given. */
    public final double[] polarization;
    /** 3: the polarisation part that does not depend on the weights (e A). */
    public final double[] polarizationConstant;

    FrameDesign(int atoms, int columns, double[] bec, double[] becConstant, double[] dipolePart, double[] charges,
            double[] chargeConstant, double[] dipoles, double[] polarization, double[] polarizationConstant) {
        this.atoms = atoms;
        this.columns = columns;
        this.bec = bec;
        this.becConstant = becConstant;
        this.dipolePart = dipolePart;
        this.charges = charges;
        this.chargeConstant = chargeConstant;
        this.dipoles = dipoles;
        this.polarization = polarization;
        this.polarizationConstant = polarizationConstant;
    }

    /** {@code design * w + constant} for a row-major design with {@code rows} rows. */
    static double[] apply(double[] design, double[] constant, int rows, int columns, double[] w) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = constant == null ? 0.0 : constant[r];
            int off = r * columns;
            for (int c = 0; c < columns; c++) {
                s += design[off + c] * w[c];
            }
            out[r] = s;
        }
        return out;
    }

    /**
     * Prediction with weights w: charges, dipoles, BEC and its parts, polarisation.
     *
     * @param w the weights, M values
     * @return the prediction
     */
    public BecPrediction predict(double[] w) {
        int n = atoms;
        double[] z = apply(bec, becConstant, 9 * n, columns, w);
        double[] q = apply(charges, chargeConstant, n, columns, w);
        double[] p = dipoles == null ? null : apply(dipoles, null, 3 * n, columns, w);
        double[] dip = dipolePart == null ? new double[9 * n] : apply(dipolePart, null, 9 * n, columns, w);
        double[] mono = new double[9 * n];
        double[] redis = new double[9 * n];
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                mono[9 * j + 4 * a] = q[j];
            }
            for (int k = 0; k < 9; k++) {
                redis[9 * j + k] = z[9 * j + k] - mono[9 * j + k] - dip[9 * j + k];
            }
        }
        double[] pol = apply(polarization, polarizationConstant, 3, columns, w);
        return new BecPrediction(q, p, z, mono, redis, dip, pol);
    }
}
