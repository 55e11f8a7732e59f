package org.zstar.neighbors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Cell;

class NeighborListTest {

    /** Brute force over all atom pairs and enough lattice translations. */
    static List<double[]> bruteForce(double[] pos, Cell cell, double cutoff, int i) {
        int n = pos.length / 3;
        int[] m = new int[3];
        double[] lat = cell == null ? new double[9] : cell.lattice();
        for (int a = 0; a < 3; a++) {
            m[a] = cell != null && cell.periodic(a) ? (int) Math.ceil(cutoff / cell.planeSpacing(a)) + 2 : 0;
        }
        List<double[]> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            for (int s0 = -m[0]; s0 <= m[0]; s0++) {
                for (int s1 = -m[1]; s1 <= m[1]; s1++) {
                    for (int s2 = -m[2]; s2 <= m[2]; s2++) {
                        if (j == i && s0 == 0 && s1 == 0 && s2 == 0) {
                            continue;
                        }
                        double[] v = new double[4];
                        v[0] = j;
                        double r2 = 0;
                        for (int c = 0; c < 3; c++) {
                            v[c + 1] = pos[3 * j + c] - pos[3 * i + c] + s0 * lat[c] + s1 * lat[3 + c] + s2 * lat[6 + c];
                            r2 += v[c + 1] * v[c + 1];
                        }
                        if (r2 < cutoff * cutoff) {
                            out.add(v);
                        }
                    }
                }
            }
        }
        return out;
    }

    static final Comparator<double[]> ORDER = (p, q) -> {
        for (int k = 0; k < 4; k++) {
            if (Math.abs(p[k] - q[k]) > 1e-6) {
                return Double.compare(p[k], q[k]);
            }
        }
        return 0;
    };

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        Random rnd = new Random(42);
        boolean[][] pbcs = {{true, true, true}, {true, false, true}, {false, false, true}, {true, true, false},
            {false, false, false}};
        double[] sizes = {2.5, 4.0, 7.0, 13.0};
        int seed = 0;
        for (boolean[] pbc : pbcs) {
            for (double size : sizes) {
                list.add(Arguments.of(seed++, size, pbc, rnd.nextBoolean() ? 6.0 : 3.5));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "seed {0}: cell {1} A, pbc {2}, cutoff {3}")
    @MethodSource("cases")
    void matchesBruteForceOnRandomTriclinicCells(int seed, double size, boolean[] pbc, double cutoff) {
        Random rnd = new Random(1000 + seed);
        double[] lat = new double[9];
        for (int a = 0; a < 3; a++) {
            for (int c = 0; c < 3; c++) {
                lat[3 * a + c] = (a == c ? size : 0) + 0.3 * size * (rnd.nextDouble() - 0.5);
            }
        }
        Cell cell = new Cell(lat, pbc);
        int n = 3 + rnd.nextInt(size > 10 ? 40 : 8);
        double[] pos = new double[3 * n];
        for (int i = 0; i < n; i++) {
            // fractional coordinates in [-0.5, 1.5): positions outside the cell must work too
            double[] f = {2 * rnd.nextDouble() - 0.5, 2 * rnd.nextDouble() - 0.5, 2 * rnd.nextDouble() - 0.5};
            double[] r = cell.toCartesian(f);
            System.arraycopy(r, 0, pos, 3 * i, 3);
        }
        NeighborList nl = NeighborList.build(pos, cell, cutoff);
        assertThat(nl.offsets).hasSize(n + 1);
        boolean sawSelfImage = false;
        for (int i = 0; i < n; i++) {
            List<double[]> got = new ArrayList<>();
            for (int e = nl.offsets[i]; e < nl.offsets[i + 1]; e++) {
                got.add(new double[] {nl.neighbours[e], nl.vectors[3 * e], nl.vectors[3 * e + 1], nl.vectors[3 * e + 2]});
                sawSelfImage |= nl.neighbours[e] == i;
            }
            List<double[]> want = bruteForce(pos, cell, cutoff, i);
            got.sort(ORDER);
            want.sort(ORDER);
            assertThat(got).hasSameSizeAs(want);
            for (int k = 0; k < got.size(); k++) {
                for (int c = 0; c < 4; c++) {
                    assertThat(got.get(k)[c]).isCloseTo(want.get(k)[c], org.assertj.core.api.Assertions.within(1e-9));
                }
            }
        }
        if (size < cutoff && pbc[0] && pbc[1] && pbc[2]) {
            assertThat(sawSelfImage).as("an atom sees its own image in a small periodic cell").isTrue();
        }
    }

    @Test
    void isolatedMoleculeWithoutCellMatchesBruteForce() {
        Random rnd = new Random(7);
        int n = 60;
        double[] pos = new double[3 * n];
        for (int k = 0; k < pos.length; k++) {
            pos[k] = 30 * rnd.nextDouble(); // sparse: many empty bins
        }
        pos[0] = 500; // a far outlier must not blow up the bin count
        NeighborList nl = NeighborList.build(pos, null, 5.0);
        int total = 0;
        for (int i = 0; i < n; i++) {
            List<double[]> want = bruteForce(pos, null, 5.0, i);
            assertThat(nl.offsets[i + 1] - nl.offsets[i]).isEqualTo(want.size());
            total += want.size();
            for (int e = nl.offsets[i]; e < nl.offsets[i + 1]; e++) {
                assertThat(nl.neighbours[e]).isNotEqualTo(i);
            }
        }
        assertThat(total).isPositive();
        assertThat(nl.entries()).isEqualTo(total);
    }

    @Test
    void severalImagesOfOneAtomInATinyCell() {
        // one atom in a 2 A cubic cell, cutoff 4.5: images at |T| < 4.5 -> count lattice points
        Cell cell = Cell.orthorhombic(2, 2, 2);
        NeighborList nl = NeighborList.build(new double[] {0.3, 0.1, 1.9}, cell, 4.5);
        int expected = 0;
        for (int a = -3; a <= 3; a++) {
            for (int b = -3; b <= 3; b++) {
                for (int c = -3; c <= 3; c++) {
                    double r2 = 4.0 * (a * a + b * b + c * c);
                    if (r2 > 0 && r2 < 4.5 * 4.5) {
                        expected++;
                    }
                }
            }
        }
        assertThat(nl.entries()).isEqualTo(expected);
        for (int e = 0; e < nl.entries(); e++) {
            assertThat(nl.neighbours[e]).isZero();
        }
    }

    @Test
    void rejectsBadCutoff() {
        assertThatThrownBy(() -> NeighborList.build(new double[3], null, 0.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
