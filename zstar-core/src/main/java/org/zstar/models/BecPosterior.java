package org.zstar.models;

import java.util.List;
import java.util.Random;
import org.zstar.linalg.DenseBackend;

/**
 * Gaussian posterior of the weights of a linear BEC model and the predictive variance of everything it predicts,
 * docs/THEORY.md "Uncertainty" (U1)-(U6).
 *
 * <p>With the Tikhonov term read as a Gaussian prior and noise variance s^2 on the BEC rows, the weights are
 * Gaussian around the fitted ones with covariance {@code Sigma = s^2 H^-1}, {@code H = G + lambda_q^2 G_q + lambda I}
 * (U1). The covariance is kept as the inverse Cholesky factor {@code V = U^-1} ({@code H = U^T U}, so
 * {@code H^-1 = V V^T}, V upper triangular): the model variance of an output row b is {@code s^2 |V^T b|^2} (U3),
 * one GEMM per frame ({@code B V}) for all its rows.
 *
 * <p>The predictive variance of a BEC component against a new DFT label adds the noise (U4). Uncalibrated it is
 * {@code s^2 (1 + h)}, {@code h = b^T H^-1 b}; calibrated ({@link Calibration}, fitted on held-out training frames)
 * {@code a_g + c s^2 h} with one noise variance a_g per species and component class (diagonal, off-diagonal) and
 * one scale c of the model variance (U5).
 */
public final class BecPosterior {
    /** Component classes of the calibration groups: 0 = diagonal (aa), 1 = off-diagonal (ab). */
    public static final int CLASSES = 2;

    private final int columns;
    private final double[] inverseFactor; // V = U^-1, row-major columns x columns, upper triangle (lower is zero)
    private final double noiseVariance;
    private final double effectiveParameters;
    private final long observations;
    private final Calibration calibration; // null: one noise level

    /**
     * Per-group noise variances {@code a[species][class]} and the scale c of the model variance (U5), fitted on
     * the held-out training frames {@code frames} (indices into the training set).
     *
     * @param species the species of the rows of noiseVariance
     * @param noiseVariance per species and component class (diagonal, off-diagonal), the noise variance (e^2)
     * @param modelVarianceScale the factor c of the model variance
     * @param frames the held-out training frames (indices into the training set)
     * @param heldOutNllBefore the mean negative log-likelihood of the held-out components with one noise level
     * @param heldOutNllAfter the same with the calibration
     */
    public record Calibration(List<String> species, double[][] noiseVariance, double modelVarianceScale, int[] frames,
            double heldOutNllBefore, double heldOutNllAfter) {
    }

    /**
     * The posterior of the weights of a fit.
     *
     * @param inverseFactor V = U^-1 (row-major, upper triangle; the lower triangle must be zero), not copied
     * @param columns the number of weights M
     * @param noiseVariance the noise variance s^2 of the BEC components (e^2)
     * @param effectiveParameters the effective number of parameters of the fit
     * @param observations the number of BEC components fitted
     * @param calibration the per-group calibration, or null for one noise level
     */
    public BecPosterior(int columns, double[] inverseFactor, double noiseVariance, double effectiveParameters,
            long observations, Calibration calibration) {
        if (inverseFactor.length != (long) columns * columns) {
            throw new IllegalArgumentException("inverse factor has " + inverseFactor.length + " entries, expected "
                    + columns + "^2");
        }
        if (!(noiseVariance >= 0)) {
            throw new IllegalArgumentException("noise variance must be >= 0, got " + noiseVariance);
        }
        this.columns = columns;
        this.inverseFactor = inverseFactor;
        this.noiseVariance = noiseVariance;
        this.effectiveParameters = effectiveParameters;
        this.observations = observations;
        this.calibration = calibration;
    }

    /**
     * The posterior from the Cholesky factor U of H (row-major upper triangle; overwritten by V = U^-1) and the
     * residual sum of squares of the fit over its {@code observations} rows: {@code gamma = M - lambda tr(H^-1)}
     * (U2), {@code s^2 = RSS / (N - gamma)} (U2).
     *
     * @param factor the Cholesky factor U, row-major m x m; overwritten by V = U^-1
     * @param m the number of weights
     * @param lambda the regularisation of the fit
     * @param rss the residual sum of squares of the fit (e^2)
     * @param observations the number of BEC components fitted
     * @return the posterior
     */
    public static BecPosterior fromCholeskyFactor(double[] factor, int m, double lambda, double rss, long observations) {
        invertUpperInPlace(factor, m);
        double trace = 0;
        for (double v : factor) {
            trace += v * v; // tr(H^-1) = ||V||_F^2
        }
        double gamma = m - lambda * trace;
        double dof = Math.max(1.0, observations - gamma);
        return new BecPosterior(m, factor, Math.max(0, rss) / dof, gamma, observations, null);
    }

    /**
     * Inverts an upper-triangular row-major matrix in place through the default linear-algebra backend (native
     * LAPACK dtrtri when available, else {@link org.zstar.linalg.Dense#invertUpperInPlace}) and zeroes the lower
     * triangle. Public for the active-learning curve (docs/THEORY.md (AL5)).
     *
     * @param u row-major m x m, the upper triangle read; overwritten by its inverse
     * @param m the order
     */
    public static void invertUpperInPlace(double[] u, int m) {
        org.zstar.linalg.Backends.get().invertUpperInPlace(u, m);
    }

    /** {@return the number of weights M} */
    public int columns() {
        return columns;
    }

    /** {@return s^2: the noise variance of a BEC row estimated from the training residuals (U2)} */
    public double noiseVariance() {
        return noiseVariance;
    }

    /** {@return gamma = tr(G H^-1), the number of weights the data determine (U2)} */
    public double effectiveParameters() {
        return effectiveParameters;
    }

    /** {@return the number of BEC components fitted} */
    public long observations() {
        return observations;
    }

    /** {@return the calibration, or null for one noise level} */
    public Calibration calibration() {
        return calibration;
    }

    /** The inverse Cholesky factor V (read-only by contract). */
    double[] inverseFactorView() {
        return inverseFactor;
    }

    /**
     * The same posterior with another calibration.
     *
     * @param c the calibration, or null for none
     * @return the new posterior
     */
    public BecPosterior withCalibration(Calibration c) {
        return new BecPosterior(columns, inverseFactor, noiseVariance, effectiveParameters, observations, c);
    }

    /**
     * {@code h_r = b_r^T H^-1 b_r = |V^T b_r|^2} for every row of a row-major design (U3): {@code X = B V} in
     * blocks of rows, so the scratch stays {@code block x M}.
     *
     * @param design the design, row-major rows x M
     * @param rows the number of rows
     * @param backend the linear algebra
     * @return the leverage of every row
     */
    public double[] leverages(double[] design, int rows, DenseBackend backend) {
        int m = columns;
        double[] h = new double[rows];
        int block = Math.max(1, Math.min(rows, 256));
        double[] x = new double[block * m];
        for (int r0 = 0; r0 < rows; r0 += block) {
            int nr = Math.min(block, rows - r0);
            System.arraycopy(design, r0 * m, x, 0, nr * m);
            backend.multiplyByUpperRight(x, nr, inverseFactor, m);
            for (int r = 0; r < nr; r++) {
                double s = 0;
                int off = r * m;
                for (int k = 0; k < m; k++) {
                    s += x[off + k] * x[off + k];
                }
                h[r0 + r] = s;
            }
        }
        return h;
    }

    /**
     * Model variance {@code c s^2 h} of a row with leverage h (U3, scaled by c when calibrated).
     *
     * @param leverage the row's leverage h
     * @return the model variance (e^2)
     */
    public double modelVariance(double leverage) {
        double c = calibration == null ? 1.0 : calibration.modelVarianceScale();
        return c * noiseVariance * leverage;
    }

    /**
     * Predictive variance of BEC component {@code k} (0..8, k = 3a + b) of an atom of species {@code species}
     * against a new label: {@code s^2 (1 + h)} (U4), or {@code a_g + c s^2 h} when calibrated (U5).
     *
     * @param leverage the row's leverage h
     * @param species the atom's species symbol
     * @param k the component index 3a + b
     * @return the predictive variance (e^2)
     */
    public double predictiveVariance(double leverage, String species, int k) {
        if (calibration == null) {
            return noiseVariance * (1 + leverage);
        }
        int s = calibration.species().indexOf(species);
        if (s < 0) {
            throw new IllegalArgumentException("species " + species + " is not calibrated");
        }
        return calibration.noiseVariance()[s][componentClass(k)] + modelVariance(leverage);
    }

    /**
     * 0 for a diagonal component (k = 0, 4, 8), 1 otherwise.
     *
     * @param k the component index 3a + b
     * @return the class
     */
    public static int componentClass(int k) {
        return k % 4 == 0 ? 0 : 1;
    }

    /**
     * A weight vector drawn from the posterior: {@code w + s sqrt(c) V z}, z standard normal (U6).
     *
     * @param mean the fitted weights w
     * @param random the generator of z
     * @return the drawn weights
     */
    public double[] sample(double[] mean, Random random) {
        int m = columns;
        double[] z = new double[m];
        for (int i = 0; i < m; i++) {
            z[i] = random.nextGaussian();
        }
        double scale = Math.sqrt(modelVariance(1.0));
        double[] w = mean.clone();
        for (int i = 0; i < m; i++) {
            double s = 0;
            int off = i * m;
            for (int j = i; j < m; j++) {
                s += inverseFactor[off + j] * z[j];
            }
            w[i] += scale * s;
        }
        return w;
    }
}
