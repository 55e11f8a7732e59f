package org.zstar.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.zstar.kernels.SparseSelection.Candidates;
import org.zstar.kernels.SparseSelection.Result;
import org.zstar.linalg.Backends;

class SparseSelectionTest {

    static Stream<Arguments> backendsAndSeeds() {
        return Stream.of("netlib", "ejml").flatMap(b -> Stream.of(5L, 6L, 7L).map(s -> Arguments.of(b, s)));
    }

    /**
     * Clusters around the first nc unit axes in dim dimensions, cluster c with sizes[c] members (spread
     * 0.05), shuffled; returns raw rows with norms in [1, 2]; cluster labels in label[].
     */
    static double[][] clusters(Random rnd, int dim, int[] sizes, int[] label) {
        int total = Arrays.stream(sizes).sum();
        double[][] rows = new double[total][];
        int[] perm = new int[total];
        for (int i = 0; i < total; i++) {
            perm[i] = i;
        }
        for (int i = total - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int k = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int s = 0; s < sizes[c]; s++) {
                double[] r = new double[dim];
                for (int j = 0; j < dim; j++) {
                    r[j] = 0.05 * rnd.nextGaussian();
                }
                r[c] += 1;
                double scale = 1 + rnd.nextDouble();
                for (int j = 0; j < dim; j++) {
                    r[j] *= scale;
                }
                rows[perm[k]] = r;
                label[perm[k]] = c;
                k++;
            }
        }
        return rows;
    }

    static void assertDistinct(int[] idx) {
        Set<Integer> s = new HashSet<>();
        for (int i : idx) {
            assertThat(s.add(i)).as("index %d repeated in %s", i, Arrays.toString(idx)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void fpsPicksOneFromEachClusterFirstAndIsDeterministic(long seed) {
        Random rnd = new Random(seed);
        int[] sizes = {40, 5, 12, 25};
        int total = Arrays.stream(sizes).sum();
        int[] label = new int[total];
        Candidates c = Candidates.fromRaw(clusters(rnd, 6, sizes, label));
        Result r = SparseSelection.farthestPoint(c, 4, SparseSelection.polynomial(2), 1e-6);
        int[] idx = r.indices();
        assertThat(idx).hasSize(4);
        Set<Integer> hit = new HashSet<>();
        for (int i : idx) {
            hit.add(label[i]);
        }
        assertThat(hit).as("clusters of %s", Arrays.toString(idx)).containsExactlyInAnyOrder(0, 1, 2, 3);
        Result again = SparseSelection.farthestPoint(c, 4, SparseSelection.polynomial(2), 1e-6);
        assertThat(again.indices()).containsExactly(idx);
        // more references than clusters: still distinct
        int[] many = SparseSelection.farthestPoint(c, 30, SparseSelection.polynomial(2), 1e-6).indices();
        assertThat(many).hasSize(30);
        assertDistinct(many);
        assertThat(many).startsWith(idx);
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void curPicksFromAllDirectionsOfLowRankSet(String backend, long seed) {
        Random rnd = new Random(seed);
        // rank-3 data in 8 dimensions: exact combinations of 3 directions, clusters of unequal size
        int[] sizes = {50, 4, 15};
        int total = Arrays.stream(sizes).sum();
        int[] label = new int[total];
        double[][] rows = clusters(rnd, 3, sizes, label);
        double[][] q = new double[3][8];
        for (int a = 0; a < 3; a++) {
            for (int j = 0; j < 8; j++) {
                q[a][j] = rnd.nextGaussian();
            }
        }
        double[][] emb = new double[total][8];
        for (int i = 0; i < total; i++) {
            for (int a = 0; a < 3; a++) {
                for (int j = 0; j < 8; j++) {
                    emb[i][j] += rows[i][a] * q[a][j];
                }
            }
        }
        Candidates c = Candidates.fromRaw(emb);
        Result r = SparseSelection.cur(c, 3, SparseSelection.polynomial(4), 1e-6, Backends.named(backend));
        Set<Integer> hit = new HashSet<>();
        for (int i : r.indices()) {
            hit.add(label[i]);
        }
        assertThat(hit).as("clusters of %s", Arrays.toString(r.indices())).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(r.note()).isEmpty();
        // asking for more than the rank: the feature directions are exhausted, FPS fills the rest
        Result more = SparseSelection.cur(c, 10, SparseSelection.polynomial(4), 1e-6, Backends.named(backend));
        assertThat(more.indices()).hasSize(10).startsWith(r.indices());
        assertDistinct(more.indices());
        assertThat(more.note()).contains("exhausted after 3 CUR picks");
        Result again = SparseSelection.cur(c, 10, SparseSelection.polynomial(4), 1e-6, Backends.named(backend));
        assertThat(again.indices()).containsExactly(more.indices());
        // chunked recomputation still covers all clusters (the residual test rejects in-span rows)
        Result chunked = SparseSelection.cur(c, 3, SparseSelection.polynomial(4), 1e-6,
                SparseSelection.DEFAULT_EPS, 3, Backends.named(backend));
        Set<Integer> hit2 = new HashSet<>();
        for (int i : chunked.indices()) {
            hit2.add(label[i]);
        }
        assertThat(hit2).containsExactlyInAnyOrder(0, 1, 2);
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void vanishingCandidatesAreNeverSelected(String backend, long seed) {
        Random rnd = new Random(seed);
        int[] sizes = {30, 30};
        int total = 60;
        int[] label = new int[total];
        double[][] rows = clusters(rnd, 5, sizes, label);
        // three "high-symmetry" candidates with ~1e-8 features pointing in a unique direction (axis 4),
        // which both methods would otherwise find most attractive
        double[][] all = Arrays.copyOf(rows, total + 3);
        int[] vanishing = {total, total + 1, total + 2};
        for (int v : vanishing) {
            double[] r = new double[5];
            r[4] = 1e-8;
            r[3] = 1e-9 * rnd.nextGaussian();
            all[v] = r;
        }
        // put one vanishing candidate at index 0
        double[] t = all[0];
        all[0] = all[total];
        all[total] = t;
        Candidates c = Candidates.fromRaw(all);
        boolean[] ex = c.vanishing(1e-6);
        assertThat(ex[0]).isTrue();
        assertThat(ex[total + 1]).isTrue();
        assertThat(ex[total]).isFalse();
        for (Result r : new Result[] {
                SparseSelection.farthestPoint(c, 10, SparseSelection.polynomial(4), 1e-6),
                SparseSelection.cur(c, 10, SparseSelection.polynomial(4), 1e-6, Backends.named(backend))}) {
            assertThat(r.excluded()).isEqualTo(3);
            assertThat(r.indices()).hasSize(10).doesNotContain(0, total + 1, total + 2);
            assertDistinct(r.indices());
        }
        // without the exclusion the vanishing direction would indeed be picked (the test can fail)
        Result naive = SparseSelection.cur(c, 10, SparseSelection.polynomial(4), 0.0, Backends.named(backend));
        assertThat(naive.indices()).containsAnyOf(0, total + 1, total + 2);
        Result naiveFps = SparseSelection.farthestPoint(c, 3, SparseSelection.polynomial(4), 0.0);
        assertThat(naiveFps.indices()).containsAnyOf(0, total + 1, total + 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void fewerAdmissibleThanRequestedAndBadArguments(String backend) {
        double[][] rows = {{1, 0}, {0, 1}, {0, 0}, {0.6, 0.8}};
        Candidates c = Candidates.fromRaw(rows);
        Result f = SparseSelection.farthestPoint(c, 5, SparseSelection.polynomial(1), 1e-6);
        assertThat(f.indices()).hasSize(3).doesNotContain(2);
        assertThat(f.note()).contains("only 3 admissible");
        Result cu = SparseSelection.cur(c, 5, SparseSelection.polynomial(1), 1e-6, Backends.named(backend));
        assertThat(cu.indices()).hasSize(3).doesNotContain(2);
        assertThatThrownBy(() -> SparseSelection.farthestPoint(c, 0, SparseSelection.polynomial(1), 1e-6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SparseSelection.polynomial(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Candidates.of(new double[5], new double[2], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple");
    }
}
