package org.zstar.learning;

import java.util.Arrays;
import java.util.List;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.linalg.DenseBackend;
import org.zstar.structure.Structure;

/**
 * Chooses the lambda = 1 features that the dipole modulators multiply (docs/THEORY.md (D5)): per species, the
 * features picked greedily by a pivoted Cholesky factorisation of their second-moment matrix
 * {@code C_s = sum_{i in s} sum_a X_i[a]^T X_i[a]} over the training frames, i.e. each pick is the feature with the
 * largest part not explained linearly by the features picked before it. Deterministic: frames are accumulated in
 * their order, ties go to the lower index.
 */
public final class FeatureSelection {
    private FeatureSelection() {
    }

    /**
     * Picks, per species, the lambda=1 features that the dipole modulators multiply: a pivoted Cholesky factorisation
     * of their second moments over the frames' atoms.
     *
     * @param wanted per species (index as in {@code species}), the number of features to pick; 0 or at least the
     *     number of features means all of them (the row of the result is then null)
     * @param frames the training frames
     * @param species the species, in model order
     * @param vector the dipole descriptor
     * @param pool the worker threads
     * @param backend the linear algebra
     * @return per species the ascending picked feature indices, or null for all features
     */
    public static int[][] modulatedFeatures(List<Structure> frames, List<String> species, AtomicDescriptor vector,
            int[] wanted, TrainingPool pool, DenseBackend backend) {
        int ns = species.size();
        int fv = vector.components() / 3;
        boolean any = false;
        for (int s = 0; s < ns; s++) {
            any |= wanted[s] > 0 && wanted[s] < fv;
        }
        int[][] out = new int[ns][];
        if (!any) {
            return out;
        }
        double[][] moments = secondMoments(frames, species, vector, wanted, fv, pool, backend);
        for (int s = 0; s < ns; s++) {
            if (moments[s] != null) {
                out[s] = pivotedCholesky(moments[s], fv, wanted[s]);
            }
        }
        return out;
    }

    /** {@code C_s} (row-major fv x fv, upper triangle) for every species that picks a subset, else null. */
    private static double[][] secondMoments(List<Structure> frames, List<String> species, AtomicDescriptor vector,
            int[] wanted, int fv, TrainingPool pool, DenseBackend backend) {
        int ns = species.size();
        double[][] c = new double[ns][];
        for (int s = 0; s < ns; s++) {
            if (wanted[s] > 0 && wanted[s] < fv) {
                c[s] = new double[fv * fv];
            }
        }
        int cv = 3 * fv;
        // values only; consumed in frame order so that the sums do not depend on the thread count
        pool.forEachInOrder(frames.size(), f -> vector.compute(frames.get(f), false), (d, f) -> accumulate(frames.get(f), species, d, c, fv, cv, backend));
        return c;
    }

    private static void accumulate(Structure st, List<String> species, DescriptorSet d, double[][] c, int fv, int cv,
            DenseBackend backend) {
        for (int s = 0; s < c.length; s++) {
            if (c[s] == null) {
                continue;
            }
            String sym = species.get(s);
            int count = 0;
            for (int i = 0; i < st.size(); i++) {
                if (st.symbol(i).equals(sym)) {
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            // the 3 rows X_i[a][.] of every atom of species s, contiguous in the descriptor values
            double[] block = new double[3 * count * fv];
            int r = 0;
            for (int i = 0; i < st.size(); i++) {
                if (st.symbol(i).equals(sym)) {
                    System.arraycopy(d.values, i * cv, block, r * cv, cv);
                    r++;
                }
            }
            backend.syrkAtA(3 * count, fv, 1.0, block, 0, fv, c[s], fv);
        }
    }

    /**
     * Greedy pivoted Cholesky of the symmetric positive semi-definite {@code c} (n x n, upper triangle read):
     * {@code k} pivots, each the index of the largest remaining diagonal {@code d_f = C_ff - sum_t L_tf^2}; stops
     * early when the remaining diagonal falls below 1e-12 of the largest initial one. Returns the pivots sorted.
     *
     * @param c the matrix, row-major n x n
     * @param n its order
     * @param k the number of pivots wanted (at most n)
     * @return the pivots, in the order picked
     */
    public static int[] pivotedCholesky(double[] c, int n, int k) {
        int want = Math.min(k, n);
        double[] d = new double[n];
        double dmax = 0;
        for (int f = 0; f < n; f++) {
            d[f] = c[f * n + f];
            dmax = Math.max(dmax, d[f]);
        }
        double[][] l = new double[want][];
        int[] picks = new int[want];
        boolean[] taken = new boolean[n];
        int t = 0;
        for (; t < want; t++) {
            int p = -1;
            for (int f = 0; f < n; f++) {
                if (!taken[f] && (p < 0 || d[f] > d[p])) {
                    p = f;
                }
            }
            if (p < 0 || !(d[p] > 1e-12 * dmax)) {
                break;
            }
            double[] row = new double[n];
            double piv = Math.sqrt(d[p]);
            for (int f = 0; f < n; f++) {
                double v = f >= p ? c[p * n + f] : c[f * n + p]; // upper triangle authoritative
                for (int u = 0; u < t; u++) {
                    v -= l[u][p] * l[u][f];
                }
                row[f] = v / piv;
            }
            for (int f = 0; f < n; f++) {
                d[f] -= row[f] * row[f];
            }
            taken[p] = true;
            l[t] = row;
            picks[t] = p;
        }
        int[] out = Arrays.copyOf(picks, t);
        Arrays.sort(out);
        return out;
    }
}
