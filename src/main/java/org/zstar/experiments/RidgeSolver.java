package org.zstar.experiments;

import org.zstar.linalg.Cholesky;
import org.zstar.linalg.DenseBackend;
import org.zstar.linalg.NotPositiveDefiniteException;
import org.zstar.linalg.SymmetricEigen;

/**
 * Solves {@code (G + lambda I) w = b} for a normal matrix summed by the caller, with the same policy as
 * {@code NormalEquations.solve}: Cholesky when the condition estimate is at most 1e12, else the
 * eigen-decomposition pseudo-inverse with relative cutoff 1e-12 (docs/THEORY.md, "Training").
 */
final class RidgeSolver {
    static final double MAX_CONDITION = 1e12;

    private RidgeSolver() {
    }

    record Solution(double[] w, String method) {
    }

    /** h is the full symmetric n x n matrix G (not modified). */
    static Solution solve(DenseBackend backend, double[] g, double[] b, int n, double lambda) {
        double[] h = g.clone();
        for (int i = 0; i < n; i++) {
            h[i * n + i] += lambda; // Tikhonov: G + lambda I
        }
        try {
            Cholesky chol = backend.cholesky(h, n);
            double cond = chol.conditionEstimate();
            if (cond <= MAX_CONDITION) {
                return new Solution(chol.solve(b), String.format("cholesky (condition estimate %.2g)", cond));
            }
        } catch (NotPositiveDefiniteException ex) {
            // fall through to the eigen-decomposition
        }
        SymmetricEigen e = backend.symmetricEigen(h, n);
        double[] vals = e.values();
        double[] v = e.vectors();
        double cutoff = Math.max(0, e.max() / MAX_CONDITION);
        double[] x = new double[n];
        int discarded = 0;
        // pseudo-inverse: x = sum_{lambda_k > cutoff} v_k (v_k . b) / lambda_k
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
        return new Solution(x, "eigen pseudo-inverse (" + discarded + " of " + n + " directions discarded)");
    }
}
