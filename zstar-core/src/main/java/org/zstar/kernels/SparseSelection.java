package org.zstar.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zstar.linalg.DenseBackend;
import org.zstar.linalg.SymmetricEigen;
import org.zstar.util.UserInputException;

/**
 * Selection of sparse reference environments among the candidate environments of one species, by CUR
 * (leverage scores) or by farthest-point sampling (FPS) in the kernel-induced distance.
 *
 * <p>Candidates are {@link Candidates}: unit-normalised feature rows (flat row-major, count x dim) and
 * the raw (pre-normalisation) norms. A candidate whose raw norm vanishes relative to the others
 * ({@code norm <= vanishing * median(norms)}, e.g. lambda = 1 features of a high-symmetry site, ~1e-8)
 * is never selected: its normalised direction is numerical noise, and a reference there makes the kernel
 * matrix singular. Both methods are deterministic (ties go to the lowest index).
 *
 * <p><b>CUR on the feature matrix.</b> The number of candidates can be large (30000 atoms x 700
 * features), so leverage scores are computed from the d x d feature covariance {@code C = X^T X}
 * (one SYRK pass), not from the count x count kernel matrix. Greedy CUR with deflation: at each round,
 * with the eigenpairs (lambda_k, v_k) of the deflated covariance {@code C' = P C P} (P the projector
 * orthogonal to the directions already chosen) kept when {@code lambda_k > eps * lambda_max(C)}, the
 * leverage of row i is {@code l_i = sum_k (x_i . v_k)^2 / lambda_k} (the squared row norms of the top
 * left singular vectors of X P; {@code P x_i . v_k = x_i . v_k} since v_k lies in the range of P). The
 * row of largest leverage whose deflated residual {@code |P x_i|} is not negligible is picked, its
 * residual direction is added to the deflation basis, and C' is updated by
 * {@code C' <- (I - u u^T) C' (I - u u^T)} at O(d^2). Eigenvectors are recomputed every
 * {@code recomputeEvery} picks (automatic: so that the work stays near 2e10 flops); between two
 * recomputations the projections are deflated exactly in the fixed eigenbasis,
 * {@code (P' x_i) . v_k = (P x_i) . v_k - (x_i . u)(u . v_k)} (O(count * (d + k)) per pick), so that
 * near-duplicates of a pick lose their leverage at once. The features of a
 * polynomial kernel span at most d directions; when the feature directions are exhausted before m
 * picks, the remaining references are chosen by FPS in the kernel distance from those already chosen.
 *
 * <p><b>FPS.</b> Kernel-induced distance {@code d(x,y)^2 = K(x,x) + K(y,y) - 2 K(x,y)}. Seed: the
 * admissible candidate farthest (Euclidean, normalised features) from the mean of the admissible
 * normalised features (not index 0, which is arbitrary and may be a high-symmetry site). Then repeatedly
 * the candidate whose distance to the nearest chosen one is largest.
 */
public final class SparseSelection {
    /** Default relative threshold below which a raw feature norm counts as vanishing. */
    public static final double DEFAULT_VANISHING = 1e-6;
    /** Default relative eigenvalue threshold of CUR (cf. VASP's ML_EPS_LOW). */
    public static final double DEFAULT_EPS = 1e-9;

    private static final int CHUNK = 1024;

    private SparseSelection() {
    }

    /** A kernel between unit vectors as a function of their dot product. */
    @FunctionalInterface
    public interface DotKernel {
        /**
         * {@return K(x, y) for unit vectors with x . y = dot}
         *
         * @param dot the dot product, in [-1, 1]
         */
        double of(double dot);
    }

    /**
     * The polynomial kernel {@code K = (x . y)^zeta}, zeta a positive integer.
     *
     * @param zeta the power
     * @return the kernel
     */
    public static DotKernel polynomial(int zeta) {
        if (zeta < 1) {
            throw new UserInputException("kernel exponent zeta must be a positive integer, got " + zeta);
        }
        return dot -> {
            double r = 1;
            for (int i = 0; i < zeta; i++) {
                r *= dot;
            }
            return r;
        };
    }

    /** Candidate environments: unit-normalised rows and raw norms. */
    public static final class Candidates {
        private final double[] x;
        private final double[] rawNorms;
        private final int count;
        private final int dim;

        private Candidates(double[] x, double[] rawNorms, int count, int dim) {
            this.x = x;
            this.rawNorms = rawNorms;
            this.count = count;
            this.dim = dim;
        }

        /**
         * From already normalised rows (flat row-major count x dim) and their raw norms.
         *
         * @param normalised the unit rows, flat row-major count x dim
         * @param rawNorms the norms of the rows before normalisation
         * @param dim the row length
         * @return the candidates
         */
        public static Candidates of(double[] normalised, double[] rawNorms, int dim) {
            if (dim <= 0 || normalised.length % dim != 0) {
                throw new IllegalArgumentException("feature array of length " + normalised.length
                        + " is not a multiple of dimension " + dim);
            }
            int count = normalised.length / dim;
            if (rawNorms.length != count) {
                throw new IllegalArgumentException(rawNorms.length + " raw norms for " + count + " candidates");
            }
            return new Candidates(normalised, rawNorms, count, dim);
        }

        /**
         * From raw rows (flat row-major count x dim): normalises them (zero rows stay zero).
         *
         * @param raw the rows, flat row-major count x dim
         * @param dim the row length
         * @return the candidates
         */
        public static Candidates fromRaw(double[] raw, int dim) {
            if (dim <= 0 || raw.length % dim != 0) {
                throw new IllegalArgumentException("feature array of length " + raw.length
                        + " is not a multiple of dimension " + dim);
            }
            int count = raw.length / dim;
            double[] x = new double[raw.length];
            double[] norms = new double[count];
            for (int i = 0; i < count; i++) {
                double s = 0;
                for (int j = 0; j < dim; j++) {
                    s += raw[i * dim + j] * raw[i * dim + j];
                }
                double nrm = Math.sqrt(s);
                norms[i] = nrm;
                if (nrm > 0) {
                    for (int j = 0; j < dim; j++) {
                        x[i * dim + j] = raw[i * dim + j] / nrm;
                    }
                }
            }
            return new Candidates(x, norms, count, dim);
        }

        /**
         * From raw rows given as double[count][dim].
         *
         * @param rows the rows
         * @return the candidates
         */
        public static Candidates fromRaw(double[][] rows) {
            if (rows.length == 0) {
                throw new UserInputException("no candidate environments");
            }
            int dim = rows[0].length;
            double[] flat = new double[rows.length * dim];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != dim) {
                    throw new IllegalArgumentException("candidate " + i + " has " + rows[i].length
                            + " features, expected " + dim);
                }
                System.arraycopy(rows[i], 0, flat, i * dim, dim);
            }
            return fromRaw(flat, dim);
        }

        /** {@return the number of candidates} */
        public int count() {
            return count;
        }

        /** {@return the length of a row} */
        public int dim() {
            return dim;
        }

        /** {@return normalised rows (the array itself)} */
        public double[] features() {
            return x;
        }

        /** {@return the norms of the rows before normalisation (the array itself)} */
        public double[] rawNorms() {
            return rawNorms;
        }

        /**
         * Which candidates are excluded: raw norm not finite or {@code <= rel * median(raw norms)} (the
         * maximum replaces the median when the median is 0).
         *
         * @param rel the threshold relative to the median raw norm
         * @return per candidate, true when excluded
         */
        public boolean[] vanishing(double rel) {
            if (!(rel >= 0)) {
                throw new IllegalArgumentException("vanishing threshold must be >= 0, got " + rel);
            }
            double[] sorted = rawNorms.clone();
            Arrays.sort(sorted);
            double ref = count == 0 ? 0 : sorted[(count - 1) / 2];
            if (!(ref > 0)) {
                ref = count == 0 ? 0 : sorted[count - 1];
            }
            double cut = rel * ref;
            boolean[] out = new boolean[count];
            for (int i = 0; i < count; i++) {
                double v = rawNorms[i];
                out[i] = !Double.isFinite(v) || !(v > cut) || !(v > 0);
            }
            return out;
        }
    }

    /** The selected indices, in the order picked, with how many candidates were excluded. */
    public static final class Result {
        private final int[] indices;
        private final int excluded;
        private final String method;
        private final String note;

        Result(int[] indices, int excluded, String method, String note) {
            this.indices = indices;
            this.excluded = excluded;
            this.method = method;
            this.note = note;
        }

        /** {@return selected candidate indices (distinct), in the order picked} */
        public int[] indices() {
            return indices.clone();
        }

        /** {@return number of candidates excluded because their raw norm vanishes} */
        public int excluded() {
            return excluded;
        }

        /** {@return "fps" or "cur"} */
        public String method() {
            return method;
        }

        /**
         * Remarks (fewer candidates than requested, FPS fill after CUR), or "" when none.
         *
         * @return the remarks
         */
        public String note() {
            return note;
        }

        @Override
        public String toString() {
            return method + ": " + indices.length + " selected, " + excluded + " excluded as vanishing"
                    + (note.isEmpty() ? "" : "; " + note);
        }
    }

    private static int countTrue(boolean[] b) {
        int c = 0;
        for (boolean v : b) {
            if (v) {
                c++;
            }
        }
        return c;
    }

    private static double dot(double[] x, int i, int j, int d) {
        double s = 0;
        int a = i * d, b = j * d;
        for (int k = 0; k < d; k++) {
            s += x[a + k] * x[b + k];
        }
        return s;
    }

    /**
     * Farthest-point sampling of m references in the kernel distance
     * {@code d(x,y)^2 = K(x,x) + K(y,y) - 2 K(x,y)}, seeded at the admissible candidate farthest from the
     * mean; candidates with vanishing raw norm ({@code vanishing}, relative to the median) are excluded.
     *
     * @param c the candidates
     * @param m the number of references
     * @param kernel the kernel of the distance
     * @param vanishing the relative raw-norm threshold of exclusion
     * @return the picks
     */
    public static Result farthestPoint(Candidates c, int m, DotKernel kernel, double vanishing) {
        if (m < 1) {
            throw new UserInputException("number of references must be >= 1, got " + m);
        }
        boolean[] excluded = c.vanishing(vanishing);
        boolean[] taken = new boolean[c.count];
        List<Integer> picks = new ArrayList<>();
        double[] minDist = new double[c.count];
        fps(c, kernel, excluded, taken, picks, minDist, m, true);
        return finish(c, m, excluded, picks, "fps", "");
    }

    private static Result finish(Candidates c, int m, boolean[] excluded, List<Integer> picks, String method,
                                 String note) {
        int ex = countTrue(excluded);
        String n = note;
        if (picks.size() < m) {
            String s = "only " + picks.size() + " admissible candidates for " + m + " references ("
                    + c.count + " candidates, " + ex + " with vanishing features)";
            n = n.isEmpty() ? s : n + "; " + s;
        }
        return new Result(picks.stream().mapToInt(Integer::intValue).toArray(), ex, method, n);
    }

    /** FPS continuing from the picks already made (or seeding when there are none). */
    private static void fps(Candidates c, DotKernel kernel, boolean[] excluded, boolean[] taken,
                            List<Integer> picks, double[] minDist, int m, boolean fresh) {
        int n = c.count, d = c.dim;
        double[] x = c.x;
        double[] kii = new double[n];
        for (int i = 0; i < n; i++) {
            kii[i] = excluded[i] ? 0 : kernel.of(dot(x, i, i, d));
        }
        Arrays.fill(minDist, Double.POSITIVE_INFINITY);
        if (picks.isEmpty()) {
            // seed: farthest from the mean of the admissible normalised features
            double[] mean = new double[d];
            int adm = 0;
            for (int i = 0; i < n; i++) {
                if (!excluded[i]) {
                    adm++;
                    for (int k = 0; k < d; k++) {
                        mean[k] += x[i * d + k];
                    }
                }
            }
            if (adm == 0) {
                return;
            }
            for (int k = 0; k < d; k++) {
                mean[k] /= adm;
            }
            int seed = -1;
            double best = -1;
            for (int i = 0; i < n; i++) {
                if (excluded[i]) {
                    continue;
                }
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double t = x[i * d + k] - mean[k];
                    s += t * t;
                }
                if (s > best) {
                    best = s;
                    seed = i;
                }
            }
            taken[seed] = true;
            picks.add(seed);
        }
        for (int p : picks) {
            update(c, kernel, excluded, taken, minDist, kii, p);
        }
        while (picks.size() < m) {
            int next = -1;
            double best = -1;
            for (int i = 0; i < n; i++) {
                if (!excluded[i] && !taken[i] && minDist[i] > best) {
                    best = minDist[i];
                    next = i;
                }
            }
            if (next < 0) {
                return;
            }
            taken[next] = true;
            picks.add(next);
            update(c, kernel, excluded, taken, minDist, kii, next);
        }
    }

    private static void update(Candidates c, DotKernel kernel, boolean[] excluded, boolean[] taken,
                               double[] minDist, double[] kii, int p) {
        int d = c.dim;
        for (int i = 0; i < c.count; i++) {
            if (excluded[i] || taken[i]) {
                continue;
            }
            // d(x,y)^2 = K(x,x) + K(y,y) - 2 K(x,y)
            double dist = Math.max(0, kii[i] + kii[p] - 2 * kernel.of(dot(c.x, i, p, d)));
            if (dist < minDist[i]) {
                minDist[i] = dist;
            }
        }
    }

    /**
     * CUR with the default eigenvalue threshold and automatic recomputation interval.
     *
     * @param c the candidates
     * @param m the number of references
     * @param fillKernel the kernel of the FPS fill when the feature directions are exhausted before m picks
     * @param vanishing the relative raw-norm threshold of exclusion
     * @param backend the linear algebra of the eigen-decompositions
     * @return the picks
     */
    public static Result cur(Candidates c, int m, DotKernel fillKernel, double vanishing, DenseBackend backend) {
        return cur(c, m, fillKernel, vanishing, DEFAULT_EPS, 0, backend);
    }

    /**
     * Greedy CUR on the feature covariance (see the class comment).
     *
     * @param fillKernel kernel for the FPS fill when the feature directions are exhausted before m picks
     * @param vanishing relative raw-norm threshold of exclusion
     * @param eps eigenvalues {@code <= eps * lambda_max} of the covariance are ignored
     * @param recomputeEvery picks between eigen-decompositions; 0 for automatic
     * @param c the candidates
     * @param m the number of references
     * @param backend the linear algebra of the eigen-decompositions
     * @return the picks
     */
    public static Result cur(Candidates c, int m, DotKernel fillKernel, double vanishing, double eps,
                             int recomputeEvery, DenseBackend backend) {
        if (m < 1) {
            throw new UserInputException("number of references must be >= 1, got " + m);
        }
        if (!(eps > 0) || !(eps < 1)) {
            throw new UserInputException("CUR eigenvalue threshold must be in (0, 1), got " + eps);
        }
        int n = c.count, d = c.dim;
        boolean[] excluded = c.vanishing(vanishing);
        List<Integer> picks = new ArrayList<>();
        int admissible = n - countTrue(excluded);
        if (recomputeEvery <= 0) {
            double work = (double) admissible * d * Math.min(m, d) * m;
            recomputeEvery = (int) Math.max(1, Math.min(m, Math.ceil(work / 2e10)));
        }
        CurSearch search = new CurSearch(c, excluded, backend);
        int sincePick = recomputeEvery;
        while (picks.size() < m) {
            if (sincePick >= recomputeEvery) {
                if (!search.project(Math.min(m - picks.size(), d), eps)) {
                    break; // feature directions exhausted
                }
                sincePick = 0;
            }
            int best = search.pickByLeverage();
            if (best < 0) {
                break;
            }
            picks.add(best);
            sincePick++;
            if (sincePick < recomputeEvery) {
                search.deflateProjections();
            }
        }
        String note = "";
        if (picks.size() < m && picks.size() < admissible) {
            int before = picks.size();
            double[] minDist = new double[n];
            fps(c, fillKernel == null ? dot -> dot : fillKernel, excluded, search.taken, picks, minDist, m, false);
            note = "feature directions exhausted after " + before + " CUR picks; "
                    + (picks.size() - before) + " more chosen by farthest-point sampling";
        }
        return finish(c, m, excluded, picks, "cur", note);
    }

    /**
     * The state of a greedy CUR search: the deflated feature covariance, the orthonormal directions of the picks,
     * and the scaled projections of the rows on the leading eigenvectors.
     */
    private static final class CurSearch {
        /** Squared residual of a unit row below which it lies in the chosen span. */
        private static final double RESIDUAL_TOLERANCE = 1e-10;
        final int n;
        final int d;
        final double[] x;
        final boolean[] excluded;
        final boolean[] taken;
        final DenseBackend backend;
        final double[] cov;
        final double[] buf;
        final int[] rowsOf;
        final List<double[]> basis = new ArrayList<>(); // orthonormal deflation directions
        final double[] lev;
        double lambdaMax0 = -1;
        double[] proj; // proj[i*k + j] = (P x_i) . v_j / sqrt(lambda_j) for the current basis
        double[] vk;   // d x k: v_j / sqrt(lambda_j)
        int k;
        double[] lastDirection; // unit residual of the last pick

        CurSearch(Candidates c, boolean[] excluded, DenseBackend backend) {
            this.n = c.count;
            this.d = c.dim;
            this.x = c.x;
            this.excluded = excluded;
            this.taken = new boolean[n];
            this.backend = backend;
            this.cov = new double[d * d];
            this.buf = new double[Math.min(CHUNK, Math.max(1, n)) * d];
            this.rowsOf = new int[Math.min(CHUNK, Math.max(1, n))];
            this.lev = new double[n];
            covariance();
        }

        /** C = X_S^T X_S over admissible rows, in chunks (SYRK, upper triangle). */
        private void covariance() {
            for (int start = 0; start < n; ) {
                int r = 0;
                while (start < n && r < rowsOf.length) {
                    if (!excluded[start]) {
                        System.arraycopy(x, start * d, buf, r * d, d);
                        rowsOf[r++] = start;
                    }
                    start++;
                }
                backend.syrkAtA(r, d, 1.0, buf, 0, d, cov, d);
            }
            org.zstar.linalg.Dense.symmetrizeFromUpper(cov, d);
        }

        /**
         * Eigen-decomposes the deflated covariance and projects the open rows on up to {@code want} leading
         * directions above {@code eps lambda_max}; false when there is none left.
         */
        boolean project(int want, double eps) {
            SymmetricEigen e = backend.symmetricEigen(cov, d);
            double[] w = e.values();
            if (lambdaMax0 < 0) {
                lambdaMax0 = e.max();
            }
            k = 0;
            while (k < want && w[d - 1 - k] > eps * lambdaMax0) {
                k++;
            }
            if (k == 0) {
                return false;
            }
            // V_k Lambda^-1/2: columns d-1 ... d-k of V, scaled
            vk = new double[d * k];
            double[] v = e.vectors();
            for (int j = 0; j < k; j++) {
                double sc = 1 / Math.sqrt(w[d - 1 - j]);
                for (int i = 0; i < d; i++) {
                    vk[i * k + j] = v[i * d + (d - 1 - j)] * sc;
                }
            }
            projectRows();
            return true;
        }

        /** proj = X V_k Lambda^-1/2 by chunks (GEMM); P x_i . v_j = x_i . v_j (v_j in range(P)). */
        private void projectRows() {
            proj = new double[n * k];
            double[] prod = new double[rowsOf.length * k];
            for (int start = 0; start < n; ) {
                int r = 0;
                while (start < n && r < rowsOf.length) {
                    if (!excluded[start] && !taken[start]) {
                        System.arraycopy(x, start * d, buf, r * d, d);
                        rowsOf[r++] = start;
                    }
                    start++;
                }
                if (r == 0) {
                    continue;
                }
                backend.gemm(false, false, r, k, d, 1.0, buf, 0, d, vk, 0, k, 0.0, prod, 0, k);
                for (int q = 0; q < r; q++) {
                    System.arraycopy(prod, q * k, proj, rowsOf[q] * k, k);
                }
            }
        }

        /**
         * Leverage l_i = sum_j proj_ij^2; takes the best row whose deflated residual is not negligible, deflates
         * the covariance by it and returns it (-1 when every open row lies in the span of the picks).
         */
        int pickByLeverage() {
            Arrays.fill(lev, -1);
            for (int i = 0; i < n; i++) {
                if (!excluded[i] && !taken[i]) {
                    double sl = 0;
                    for (int j = 0; j < k; j++) {
                        sl += proj[i * k + j] * proj[i * k + j];
                    }
                    lev[i] = sl;
                }
            }
            while (true) {
                int cand = -1;
                double bl = 0;
                for (int i = 0; i < n; i++) {
                    if (lev[i] > bl) {
                        bl = lev[i];
                        cand = i;
                    }
                }
                if (cand < 0) {
                    return -1;
                }
                lev[cand] = -1; // tried: either picked now or (nearly) in the span of the picks
                double[] res = residual(x, cand, d, basis);
                double r2 = 0;
                for (double t : res) {
                    r2 += t * t;
                }
                if (r2 > RESIDUAL_TOLERANCE) {
                    double inv = 1 / Math.sqrt(r2);
                    for (int j = 0; j < d; j++) {
                        res[j] *= inv;
                    }
                    taken[cand] = true;
                    basis.add(res);
                    deflate(cov, d, res);
                    lastDirection = res;
                    return cand;
                }
            }
        }

        /**
         * Deflates the projections by the last pick without a new eigen-decomposition:
         * {@code (P' x_i) . v_j = (P x_i) . v_j - (x_i . u)(u . v_j)}, {@code P' = P - u u^T}.
         */
        void deflateProjections() {
            double[] u = lastDirection;
            double[] uv = new double[k];
            for (int j = 0; j < k; j++) {
                double t = 0;
                for (int i = 0; i < d; i++) {
                    t += u[i] * vk[i * k + j];
                }
                uv[j] = t;
            }
            for (int i = 0; i < n; i++) {
                if (excluded[i] || taken[i]) {
                    continue;
                }
                double xu = 0;
                for (int q = 0; q < d; q++) {
                    xu += x[i * d + q] * u[q];
                }
                for (int j = 0; j < k; j++) {
                    proj[i * k + j] -= xu * uv[j];
                }
            }
        }
    }

    /** Residual of row i after projecting out the orthonormal basis (Gram-Schmidt applied twice). */
    private static double[] residual(double[] x, int i, int d, List<double[]> basis) {
        double[] r = Arrays.copyOfRange(x, i * d, i * d + d);
        for (int pass = 0; pass < 2; pass++) {
            for (double[] u : basis) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += u[j] * r[j];
                }
                for (int j = 0; j < d; j++) {
                    r[j] -= s * u[j];
                }
            }
        }
        return r;
    }

    /** {@code C <- (I - u u^T) C (I - u u^T)} for unit u: C - u c^T - c u^T + (u^T C u) u u^T, c = C u. */
    private static void deflate(double[] cov, int d, double[] u) {
        double[] cu = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += cov[i * d + j] * u[j];
            }
            cu[i] = s;
        }
        double ucu = 0;
        for (int i = 0; i < d; i++) {
            ucu += u[i] * cu[i];
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                cov[i * d + j] += -u[i] * cu[j] - cu[i] * u[j] + ucu * u[i] * u[j];
            }
        }
    }
}
