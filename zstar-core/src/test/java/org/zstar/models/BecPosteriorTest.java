package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.linalg.Backends;
import org.zstar.linalg.NormalEquations;

/** The weight posterior (docs/THEORY.md (U1)-(U3), (U6)) against brute force on a small dense problem. */
class BecPosteriorTest {
    static final int ROWS = 80;
    static final int COLS = 9;

    /** A random tall design with correlated columns and targets. */
    static double[][] problem(long seed) {
        Random r = new Random(seed);
        double[] a = new double[ROWS * COLS];
        double[] y = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double common = r.nextGaussian();
            for (int j = 0; j < COLS; j++) {
                a[i * COLS + j] = r.nextGaussian() + 0.7 * common * (j % 3) + 0.1 * j;
            }
            y[i] = r.nextGaussian();
        }
        return new double[][] {a, y};
    }

    /** Gauss-Jordan inverse of a full symmetric matrix (the brute-force reference). */
    static double[] inverse(double[] h, int n) {
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = h[i * n + j];
            }
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double d = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv, i * n, n);
        }
        return inv;
    }

    record Fitted(BecPosterior posterior, double[] w, double[] hInverse, double[] gram, double rss) {
    }

    static Fitted fit(long seed, double lambda) {
        double[][] p = problem(seed);
        NormalEquations ne = new NormalEquations(COLS);
        ne.addBlock(p[0], ROWS, p[1], null);
        NormalEquations.Solution sol = ne.solve(new NormalEquations.Options().lambda(lambda)
                .method(NormalEquations.Options.Method.CHOLESKY));
        double rss = ne.residualSumSquares(sol.x());
        BecPosterior post = BecPosterior.fromCholeskyFactor(sol.cholesky().factor().clone(), COLS, lambda, rss, ROWS);
        double[] g = ne.gram();
        double[] h = g.clone();
        for (int i = 0; i < COLS; i++) {
            h[i * COLS + i] += lambda;
        }
        return new Fitted(post, sol.x(), inverse(h, COLS), g, rss);
    }

    @Test
    void covarianceIsTheDenseInverseOfTheShiftedGram() {
        double lambda = 3.0;
        Fitted f = fit(5, lambda);
        double[] v = f.posterior().inverseFactorView();
        double maxInv = 0;
        for (double x : f.hInverse()) {
            maxInv = Math.max(maxInv, Math.abs(x));
        }
        for (int i = 0; i < COLS; i++) {
            for (int j = 0; j < COLS; j++) {
                double vvt = 0;
                for (int k = 0; k < COLS; k++) {
                    vvt += v[i * COLS + k] * v[j * COLS + k];
                }
                assertThat(vvt).as("(V V^T)_%d%d", i, j).isCloseTo(f.hInverse()[i * COLS + j], within(1e-12 * maxInv));
                if (i > j) {
                    assertThat(v[i * COLS + j]).as("V is upper triangular").isZero();
                }
            }
        }
        // gamma = tr(G H^-1) (U2), s^2 = RSS / (N - gamma)
        double gamma = 0;
        for (int i = 0; i < COLS; i++) {
            for (int k = 0; k < COLS; k++) {
                gamma += f.gram()[i * COLS + k] * f.hInverse()[k * COLS + i];
            }
        }
        assertThat(f.posterior().effectiveParameters()).isCloseTo(gamma, within(1e-9));
        assertThat(gamma).isLessThan(COLS).isGreaterThan(COLS - 1.0); // the shift removes a little of each direction
        assertThat(f.posterior().noiseVariance()).isCloseTo(f.rss() / (ROWS - gamma), within(1e-12));
    }

    @Test
    void leveragesAreTheQuadraticFormOfTheInverse() {
        Fitted f = fit(7, 0.5);
        double[][] rows = problem(99);
        double[] h = f.posterior().leverages(rows[0], ROWS, Backends.get());
        for (int r = 0; r < ROWS; r++) {
            double q = 0;
            for (int i = 0; i < COLS; i++) {
                for (int j = 0; j < COLS; j++) {
                    q += rows[0][r * COLS + i] * f.hInverse()[i * COLS + j] * rows[0][r * COLS + j];
                }
            }
            assertThat(h[r]).isCloseTo(q, within(1e-12 * q));
        }
    }

    @Test
    void sampledWeightsReproduceThePredictiveModelVariance() {
        Fitted f = fit(11, 0.2);
        BecPosterior post = f.posterior();
        double[][] rows = problem(123);
        double[] h = post.leverages(rows[0], 5, Backends.get());
        int samples = 40000;
        double[] sum = new double[5];
        double[] sum2 = new double[5];
        Random rnd = new Random(42);
        for (int s = 0; s < samples; s++) {
            double[] w = post.sample(f.w(), rnd);
            for (int r = 0; r < 5; r++) {
                double z = 0;
                for (int j = 0; j < COLS; j++) {
                    z += rows[0][r * COLS + j] * w[j];
                }
                sum[r] += z;
                sum2[r] += z * z;
            }
        }
        for (int r = 0; r < 5; r++) {
            double mean = sum[r] / samples;
            double var = sum2[r] / samples - mean * mean;
            double expected = post.modelVariance(h[r]); // s^2 b^T H^-1 b
            // the sample variance has a relative standard error sqrt(2 / samples) = 0.7 %
            assertThat(var / expected).as("row %d", r).isCloseTo(1.0, within(0.03));
        }
    }

    @Test
    void packedFloatEncodingRoundTripsToSinglePrecision() {
        Fitted f = fit(3, 1.0);
        double[] v = f.posterior().inverseFactorView();
        double[] back = PosteriorFiles.unpack(PosteriorFiles.pack(v, COLS), COLS, null);
        for (int i = 0; i < v.length; i++) {
            assertThat(back[i]).isCloseTo(v[i], within(1e-7 * Math.abs(v[i]) + 1e-300));
        }
    }

    @Test
    void factorsLargerThanOneJsonStringRoundTripInChunks() {
        // 1800 weights: 1 621 800 floats = 6.5 MB, three strings of at most CHUNK_BYTES
        int m = 1800;
        double[] v = new double[m * m];
        Random r = new Random(8);
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                v[i * m + j] = r.nextGaussian();
            }
        }
        BecPosterior p = new BecPosterior(m, v, 0.5, 10, 1000, null);
        com.fasterxml.jackson.databind.node.ObjectNode o = PosteriorFiles.toJson(p);
        assertThat(o.get("inverse_factor").size()).isEqualTo(3);
        for (com.fasterxml.jackson.databind.JsonNode c : o.get("inverse_factor")) {
            assertThat(c.asText().length()).isLessThanOrEqualTo(PosteriorFiles.CHUNK_BYTES / 3 * 4);
        }
        BecPosterior back = PosteriorFiles.fromJson(o, m, java.util.List.of("H"), null);
        double[] w = back.inverseFactorView();
        for (int i = 0; i < v.length; i++) {
            assertThat(w[i]).isEqualTo((double) (float) v[i]);
        }
        assertThat(back.noiseVariance()).isEqualTo(0.5);
    }

    @Test
    void spearmanHandlesTiesAndOrder() {
        assertThat(UncertaintyMetrics.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40})).isEqualTo(1.0);
        assertThat(UncertaintyMetrics.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1})).isEqualTo(-1.0);
        // ranks of {1, 1, 2} are {1.5, 1.5, 3}: against {1, 2, 3}, Pearson of the ranks = 1.5 / sqrt(1.5 * 2)
        assertThat(UncertaintyMetrics.spearman(new double[] {1, 1, 2}, new double[] {1, 2, 3})).isCloseTo(
                Math.sqrt(3) / 2, within(1e-12));
        assertThat(UncertaintyMetrics.spearman(new double[] {1, 1, 2}, new double[] {3, 1, 2})).isCloseTo(0.0,
                within(1e-12));
    }
}
