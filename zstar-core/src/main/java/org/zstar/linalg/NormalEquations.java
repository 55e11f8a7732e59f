package org.zstar.linalg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming normal equations of a weighted least-squares problem {@code min sum_r w_r (a_r . x - y_r)^2}
 * with n unknowns: accumulates {@code G = A^T W A} (SYRK) and {@code b = A^T W y} (GEMV), the sum
 * {@code y^T W y} and row counts, from blocks of rows, so that the design matrix A is never held whole.
 *
 * <p>Rows arrive as row-major blocks (rows x n). {@link #addBlock} adds data rows, {@link #addRows} extra
 * rows such as regularisation rows (same algebra, counted separately). Weights must be >= 0; a weighted
 * row is added as {@code sqrt(w) a_r} (formula: {@code A^T W A = (W^(1/2) A)^T (W^(1/2) A)}).
 *
 * <p>Not thread-safe: accumulate one instance per thread and {@link #merge} them (the sums are
 * additive). {@link #solve} solves the Tikhonov system {@code (G + lambda I) x = b} by Cholesky, falling
 * back to an eigen-decomposition pseudo-inverse when G + lambda I is not positive definite or its
 * condition estimate exceeds {@link Options#maxCondition}; the {@link SolveReport} says which and why.
 *
 * <p>Serializable, so that partial sums can travel between machines (zstar-spark adds them up by
 * {@code treeAggregate}): only the sums and counts travel; the backend (not serializable) is the receiving JVM's
 * {@link Backends#get()}, and the work arrays are allocated again when needed.
 */
public final class NormalEquations implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NormalEquations.class);

    /** The number of unknowns. */
    private final int n;
    private transient DenseBackend backend; // null after deserialisation: Backends.get() (see backend())
    /** The normal matrix G = A^T W A, row-major n x n; the upper triangle is authoritative. */
    private final double[] g;   // row-major n x n, upper triangle authoritative
    /** The right-hand side A^T W y. */
    private final double[] b;
    /** The weighted target sum of squares y^T W y. */
    private double yy;
    /** The number of data rows added. */
    private long rows;
    /** The number of extra (regularisation) rows added. */
    private long extraRows;
    private transient double[] scratch;
    private transient GramUpdate gramUpdate;
    private transient double[] wy;

    /**
     * Empty normal equations on the default backend.
     *
     * @param n the number of unknowns
     */
    public NormalEquations(int n) {
        this(n, Backends.get());
    }

    /**
     * Empty normal equations.
     *
     * @param n the number of unknowns
     * @param backend the linear algebra of the sums and the solves
     */
    public NormalEquations(int n, DenseBackend backend) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of unknowns must be positive, got " + n);
        }
        this.n = n;
        this.backend = backend;
        this.g = new double[n * n];
        this.b = new double[n];
    }

    private GramUpdate gramUpdate() {
        if (gramUpdate == null) {
            gramUpdate = new GramUpdate(backend());
        }
        return gramUpdate;
    }

    /** {@return number of unknowns} */
    public int size() {
        return n;
    }

    /** {@return the linear algebra of the sums and the solves (the default one after deserialisation)} */
    public DenseBackend backend() {
        if (backend == null) {
            backend = Backends.get();
        }
        return backend;
    }

    /** {@return data rows added by {@link #addBlock}} */
    public long rowCount() {
        return rows;
    }

    /** {@return extra (regularisation) rows added by {@link #addRows}} */
    public long extraRowCount() {
        return extraRows;
    }

    /** {@return {@code sum_r w_r y_r^2} over all rows added (data and extra)} */
    public double sumSquaresY() {
        return yy;
    }

    /**
     * Adds a dense block: rows row-major nRows x n, targets y (nRows), weights per row or null (= 1).
     *
     * @param block the rows, row-major nRows x n
     * @param nRows the number of rows
     * @param y the targets, nRows values
     * @param weights the row weights, or null
     */
    public void addBlock(double[] block, int nRows, double[] y, double[] weights) {
        addBlock(block, 0, nRows, n, y, 0, weights, 0);
    }

    /**
     * Adds data rows {@code block[off + r*ld + j]}, r &lt; nRows, j &lt; n, targets {@code y[yOff + r]}, weights
     * {@code weights[wOff + r]} (or null for unit weights).
     *
     * @param block the array of the rows
     * @param off the offset of the first row
     * @param nRows the number of rows
     * @param ld the distance between rows in block
     * @param y the array of the targets
     * @param yOff the offset of the first target
     * @param weights the array of the weights, or null
     * @param wOff the offset of the first weight
     */
    public void addBlock(double[] block, int off, int nRows, int ld, double[] y, int yOff,
                         double[] weights, int wOff) {
        accumulate(block, off, nRows, ld, y, yOff, weights, wOff, null);
        rows += nRows;
    }

    /**
     * As {@link #addBlock(double[], int, double[], double[])} with unit weights, the tiles of the SYRK
     * ({@link GramUpdate}) running on {@code tiles}: the same sums to the last bit as the serial call.
     *
     * @param block the rows, row-major nRows x n
     * @param nRows the number of rows
     * @param y the targets, nRows values
     * @param tiles the threads of the tiles (the caller waits for them), or null for the calling thread
     */
    public void addBlockInParallel(double[] block, int nRows, double[] y, java.util.concurrent.ExecutorService tiles) {
        accumulate(block, 0, nRows, n, y, 0, null, 0, tiles);
        rows += nRows;
    }

    /**
     * Adds extra rows (e.g. regularisation rows), all with weight {@code weight} (>= 0).
     *
     * @param block the rows, row-major nRows x n
     * @param nRows the number of rows
     * @param y the targets, nRows values
     * @param weight the weight of every row
     */
    public void addRows(double[] block, int nRows, double[] y, double weight) {
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("row weight must be finite and >= 0, got " + weight);
        }
        double[] w = null;
        if (weight != 1.0) {
            w = new double[nRows];
            java.util.Arrays.fill(w, weight);
        }
        accumulate(block, 0, nRows, n, y, 0, w, 0, null);
        extraRows += nRows;
    }

    /**
     * Adds one extra row with weight {@code weight}.
     *
     * @param row the row, n values
     * @param y the target
     * @param weight the weight
     */
    public void addRow(double[] row, double y, double weight) {
        addRows(row, 1, new double[] {y}, weight);
    }

    private void accumulate(double[] block, int off, int nRows, int ld, double[] y, int yOff,
                            double[] weights, int wOff, java.util.concurrent.ExecutorService tiles) {
        if (nRows == 0) {
            return;
        }
        Dense.checkMatrix("normal-equations block", block, off, nRows, n, ld);
        if (y.length < yOff + nRows) {
            throw new IllegalArgumentException("targets: " + y.length + " entries, need " + (yOff + nRows));
        }
        if (weights == null) {
            // G += A^T A ; b += A^T y ; yy += y.y
            gramUpdate().addAtA(nRows, n, 1.0, block, off, ld, g, n, tiles);
            backend().gemv(true, nRows, n, 1.0, block, off, ld, y, yOff, 1.0, b, 0);
            for (int r = 0; r < nRows; r++) {
                double v = y[yOff + r];
                yy += v * v;
            }
            return;
        }
        if (weights.length < wOff + nRows) {
            throw new IllegalArgumentException("weights: " + weights.length + " entries, need " + (wOff + nRows));
        }
        if (scratch == null || scratch.length < nRows * n) {
            scratch = new double[nRows * n];
        }
        if (wy == null || wy.length < nRows) {
            wy = new double[nRows];
        }
        // G += (W^1/2 A)^T (W^1/2 A) ; b += A^T (W y) ; yy += y^T W y
        for (int r = 0; r < nRows; r++) {
            double w = weights[wOff + r];
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("row weight must be finite and >= 0, got " + w + " (row " + r + ")");
            }
            double s = Math.sqrt(w);
            int src = off + r * ld;
            int dst = r * n;
            for (int j = 0; j < n; j++) {
                scratch[dst + j] = s * block[src + j];
            }
            double v = y[yOff + r];
            wy[r] = w * v;
            yy += w * v * v;
        }
        gramUpdate().addAtA(nRows, n, 1.0, scratch, 0, n, g, n, tiles);
        backend().gemv(true, nRows, n, 1.0, block, off, ld, wy, 0, 1.0, b, 0);
    }

    /**
     * Adds the sums of another instance (same number of unknowns) to this one.
     *
     * @param other the sums to add
     */
    public void merge(NormalEquations other) {
        if (other.n != n) {
            throw new IllegalArgumentException("cannot merge normal equations of " + other.n + " unknowns into " + n);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                g[i * n + j] += other.g[i * n + j];
            }
            b[i] += other.b[i];
        }
        yy += other.yy;
        rows += other.rows;
        extraRows += other.extraRows;
    }

    /**
     * Adds {@code scale} times the sums of another instance: its rows count as extra rows weighted by
     * {@code scale}. Lets a caller keep, e.g., regularisation rows apart and choose their weight later.
     *
     * @param other the sums to add
     * @param scale the factor of its sums
     */
    public void mergeScaled(NormalEquations other, double scale) {
        if (other.n != n) {
            throw new IllegalArgumentException("cannot merge normal equations of " + other.n + " unknowns into " + n);
        }
        if (!(scale >= 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and >= 0, got " + scale);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                g[i * n + j] += scale * other.g[i * n + j];
            }
            b[i] += scale * other.b[i];
        }
        yy += scale * other.yy;
        extraRows += other.rows + other.extraRows;
    }

    /** {@return G = A^T W A as a full symmetric row-major n x n copy} */
    public double[] gram() {
        double[] c = g.clone();
        Dense.symmetrizeFromUpper(c, n);
        return c;
    }

    /**
     * Mean diagonal {@code tr(G)/n}: the scale that a relative Tikhonov strength multiplies (docs/THEORY.md,
     * "Training"), the one definition for BEC models, force fields and learning curves.
     *
     * @return tr(G)/n
     */
    public double meanDiagonal() {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += g[i * n + i];
        }
        return t / n;
    }

    /** {@return b = A^T W y (a copy)} */
    public double[] rhs() {
        return b.clone();
    }

    /**
     * Weighted residual sum of squares without the design matrix:
     * {@code ||W^1/2 (A x - y)||^2 = x^T G x - 2 x^T b + y^T W y} (over all rows, extra rows included).
     * Subject to cancellation when the residual is tiny relative to ||y||.
     *
     * @param x the unknowns, n values
     * @return the weighted residual sum of squares
     */
    public double residualSumSquares(double[] x) {
        if (x.length != n) {
            throw new IllegalArgumentException("x has " + x.length + " entries, expected " + n);
        }
        double q = 0, xb = 0;
        for (int i = 0; i < n; i++) {
            double gx = g[i * n + i] * x[i];
            for (int j = i + 1; j < n; j++) {
                gx += 2 * g[i * n + j] * x[j]; // upper triangle, off-diagonal counted twice
            }
            q += x[i] * gx;
            xb += x[i] * b[i];
        }
        return q - 2 * xb + yy;
    }

    /**
     * Solves {@code (G + lambda I) x = b} with default options.
     *
     * @param lambda the Tikhonov strength (absolute)
     * @return the solution and its report
     */
    public Solution solve(double lambda) {
        return solve(new Options().lambda(lambda));
    }

    /**
     * Solves {@code (G + lambda I + diag(d)) x = b} (Cholesky, eigen fallback), see {@link Options}; this
     * minimises {@code ||W^1/2 (A x - y)||^2 + lambda ||x||^2 + sum_i d_i x_i^2}.
     *
     * @param options the regularisation and the solve policy
     * @return the solution and its report
     */
    public Solution solve(Options options) {
        return solveShifted(() -> shifted(g, n, options), b, n, backend(), options);
    }

    /**
     * The upper triangle of G, read-only by contract: for callers that build their own shifted matrix without a
     * full symmetric copy.
     *
     * @return the array of G itself, row-major n x n
     */
    public double[] gramUpperView() {
        return g;
    }

    /**
     * Solves {@code (G + lambda I) x = b} for a full symmetric row-major G (not modified) with the same policy as
     * {@link #solve(Options)}: for callers that combine normal equations themselves.
     *
     * @param gram the matrix G, row-major n x n
     * @param rhs the right-hand side b
     * @param n the order
     * @param backend the linear algebra
     * @param options the regularisation and the solve policy
     * @return the solution and its report
     */
    public static Solution solve(double[] gram, double[] rhs, int n, DenseBackend backend, Options options) {
        return solveShifted(() -> shifted(gram, n, options), rhs, n, backend, options);
    }

    /** {@code G + lambda I + diag(d)} as a new array (upper triangle authoritative). */
    private static double[] shifted(double[] gram, int n, Options options) {
        double[] h = gram.clone();
        double[] diag = options.diagonal;
        if (diag != null && diag.length != n) {
            throw new IllegalArgumentException("regularisation diagonal has " + diag.length + " entries, expected " + n);
        }
        for (int i = 0; i < n; i++) {
            h[i * n + i] += options.lambda + (diag == null ? 0 : diag[i]); // Tikhonov: G + lambda I + diag(d)
        }
        return h;
    }

    /**
     * The solve policy of {@link #solve(Options)} on a matrix {@code H = G + lambda I + diag(d)} that {@code h}
     * builds afresh (upper triangle read); the Cholesky factorisation overwrites its copy, so at most one n x n
     * array beyond the caller's exists at a time, and the eigen fallback asks for a new one.
     *
     * @param h builds H, row-major n x n (called again for the fallback)
     * @param rhs the right-hand side b
     * @param n the order
     * @param backend the linear algebra
     * @param options the solve policy
     * @return the solution and its report
     */
    public static Solution solveShifted(java.util.function.Supplier<double[]> h, double[] rhs, int n,
            DenseBackend backend, Options options) {
        double[] b = rhs;
        double lambda = options.lambda;
        String reason = null;
        if (options.method != Options.Method.EIGEN) {
            try {
                Cholesky chol = backend.choleskyInPlace(h.get(), n);
                double cond = chol.conditionEstimate();
                String source = "cholesky diagonal";
                if (options.exactCondition) {
                    SymmetricEigen e = backend.symmetricEigen(h.get(), n);
                    cond = e.min() > 0 ? e.max() / e.min() : Double.POSITIVE_INFINITY;
                    source = "eigenvalues";
                }
                if (options.method == Options.Method.CHOLESKY || cond <= options.maxCondition) {
                    SolveReport report = new SolveReport(SolveReport.Method.CHOLESKY, lambda, cond, source,
                            0, 0, n, null);
                    return new Solution(chol.solve(b), report, chol);
                }
                reason = String.format("condition estimate %.3g exceeds %.3g", cond, options.maxCondition);
            } catch (NotPositiveDefiniteException ex) {
                if (options.method == Options.Method.CHOLESKY) {
                    throw ex;
                }
                reason = "Cholesky failed: " + ex.getMessage();
            }
        }
        SymmetricEigen e = backend.symmetricEigen(h.get(), n);
        double[] vals = e.values();
        double[] v = e.vectors();
        double max = e.max();
        double rel = options.eigenCutoff > 0 ? options.eigenCutoff : 1.0 / options.maxCondition;
        double cutoff = Math.max(0, rel * max);
        // pseudo-inverse: x = sum_{lambda_k > cutoff} v_k (v_k . b) / lambda_k
        double[] x = new double[n];
        int discarded = 0;
        for (int k = 0; k < n; k++) {
            if (!(vals[k] > cutoff)) {
                discarded++;
                continue;
            }
            double c = 0;
            for (int i = 0; i < n; i++) {
                c += v[i * n + k] * b[i];
            }
            c /= vals[k];
            for (int i = 0; i < n; i++) {
                x[i] += c * v[i * n + k];
            }
        }
        double cond = e.min() > 0 ? max / e.min() : Double.POSITIVE_INFINITY;
        SolveReport report = new SolveReport(SolveReport.Method.EIGEN_PSEUDO_INVERSE, lambda, cond, "eigenvalues",
                cutoff, discarded, n, reason);
        if (reason != null) {
            LOG.warn(report.message());
        }
        return new Solution(x, report, null);
    }

    /** A solution and how it was obtained. */
    public static final class Solution {
        private final double[] x;
        private final SolveReport report;
        private final Cholesky cholesky;

        Solution(double[] x, SolveReport report, Cholesky cholesky) {
            this.x = x;
            this.report = report;
            this.cholesky = cholesky;
        }

        /**
         * The Cholesky factorisation of the shifted matrix the solution came from (its factor array may be the
         * caller's copy), or null after the eigen fallback: what the weight posterior needs (docs/THEORY.md (U1)).
         *
         * @return the factorisation, or null
         */
        public Cholesky cholesky() {
            return cholesky;
        }

        /** {@return the unknowns (weights)} */
        public double[] x() {
            return x;
        }

        /** {@return how the system was solved} */
        public SolveReport report() {
            return report;
        }
    }

    /** Solve options (fluent). */
    public static final class Options {
        /** The default options: lambda 0, no diagonal, the Cholesky-then-eigen policy. */
        public Options() {
        }

        /** Which method to use. */
        public enum Method {
            /** Cholesky, eigen fallback when not positive definite or ill-conditioned (default). */
            AUTO,
            /** Cholesky only (throws {@link NotPositiveDefiniteException}). */
            CHOLESKY,
            /** Eigen-decomposition pseudo-inverse always. */
            EIGEN
        }

        double lambda;
        double[] diagonal;
        double maxCondition = 1e12;
        double eigenCutoff;
        boolean exactCondition;
        Method method = Method.AUTO;

        /**
         * Tikhonov parameter lambda >= 0 added to the diagonal of G.
         *
         * @param v lambda
         * @return these options
         */
        public Options lambda(double v) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Tikhonov lambda must be finite and >= 0, got " + v);
            }
            lambda = v;
            return this;
        }

        /**
         * Per-unknown regularisation {@code d_i >= 0} added to the diagonal on top of lambda (e.g. a different
         * lambda for offsets than for kernel weights); null for none.
         *
         * @param d the per-unknown values, n of them, or null
         * @return these options
         */
        public Options diagonal(double[] d) {
            if (d != null) {
                for (double v : d) {
                    if (!(v >= 0) || !Double.isFinite(v)) {
                        throw new IllegalArgumentException("regularisation diagonal entries must be finite and >= 0, got " + v);
                    }
                }
            }
            diagonal = d == null ? null : d.clone();
            return this;
        }

        /**
         * Largest acceptable condition estimate before the eigen fallback (default 1e12).
         *
         * @param v the largest condition estimate
         * @return these options
         */
        public Options maxCondition(double v) {
            if (!(v > 1)) {
                throw new IllegalArgumentException("maximum condition number must be > 1, got " + v);
            }
            maxCondition = v;
            return this;
        }

        /**
         * Relative eigenvalue cutoff of the fallback: directions with eigenvalue &lt;= cutoff * lambda_max are
         * discarded (default 1 / maxCondition).
         *
         * @param v the cutoff
         * @return these options
         */
        public Options eigenCutoff(double v) {
            if (!(v >= 0) || !(v < 1)) {
                throw new IllegalArgumentException("relative eigenvalue cutoff must be in [0, 1), got " + v);
            }
            eigenCutoff = v;
            return this;
        }

        /**
         * Compute the condition number from the eigenvalues (costs an eigen-decomposition).
         *
         * @param v whether to
         * @return these options
         */
        public Options exactCondition(boolean v) {
            exactCondition = v;
            return this;
        }

        /**
         * Forces a method instead of the Cholesky-then-eigen policy.
         *
         * @param m the method
         * @return these options
         */
        public Options method(Method m) {
            method = m;
            return this;
        }
    }
}
