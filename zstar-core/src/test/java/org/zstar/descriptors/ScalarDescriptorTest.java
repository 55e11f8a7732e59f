package org.zstar.descriptors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.structure.Cell;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;

class ScalarDescriptorTest {
    static final boolean[] PBC = {true, true, true};

    static Stream<Arguments> structures() {
        return Stream.of(
                Arguments.of("periodic triclinic, 2 species",
                        DescriptorTestSupport.random(11, DescriptorTestSupport.triclinic(1, 7.0, PBC), 0,
                                new String[] {"O", "H"}, 10, 0.9)),
                Arguments.of("periodic triclinic, 3 species",
                        DescriptorTestSupport.random(12, DescriptorTestSupport.triclinic(2, 6.5, PBC), 0,
                                new String[] {"Zr", "O", "H"}, 9, 1.0)),
                Arguments.of("small 3 A cell, own images",
                        DescriptorTestSupport.random(13, DescriptorTestSupport.triclinic(3, 3.0, PBC), 0,
                                new String[] {"O", "H"}, 2, 1.0)),
                Arguments.of("slab (mixed periodicity)",
                        DescriptorTestSupport.random(14, DescriptorTestSupport.triclinic(4, 5.0,
                                new boolean[] {true, false, true}), 0, new String[] {"O", "H", "Zr"}, 6, 1.0)),
                Arguments.of("molecule, 3 species",
                        DescriptorTestSupport.random(15, null, 4.5, new String[] {"H", "O", "Zr"}, 8, 0.9)));
    }

    static ScalarDescriptor descriptor() {
        return new ScalarDescriptor(DescriptorParameters.defaults("H", "O", "Zr"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structures")
    void derivativesMatchFiniteDifferences(String name, Structure s) {
        ScalarDescriptor d = descriptor();
        int c2 = d.twoBodyComponents();
        assertThat(DescriptorTestSupport.fdError(d, UnaryOperator.identity(), s, 0, c2)).isLessThan(1e-6);
        assertThat(DescriptorTestSupport.fdError(d, UnaryOperator.identity(), s, c2, d.components())).isLessThan(1e-6);
        assertThat(DescriptorTestSupport.fdError(d, Descriptors::normalize, s, 0, d.components())).isLessThan(1e-6);
    }

    /** The reverse-mode contraction equals the stored derivative blocks contracted with the same gradients. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("structures")
    void contractionMatchesStoredDerivatives(String name, Structure s) {
        ScalarDescriptor d = descriptor();
        assertThat(DescriptorTestSupport.contractionError(d, (st, fn) -> d.contract(st, fn), s, 1, name.hashCode()))
                .isLessThan(1e-10);
        assertThat(DescriptorTestSupport.contractionError(d, (st, fn) -> d.contract(st, fn), s, 2, 7)).isLessThan(1e-10);
    }

    @Test
    void sizesForDefaultParameters() {
        ScalarDescriptor d = ScalarDescriptor.defaults("Zr", "O");
        // 2 * 12 two-body + 5 * (16 * 17 / 2) three-body
        assertThat(d.components()).isEqualTo(24 + 5 * 136);
        assertThat(d.rank()).isZero();
        assertThat(d.cutoff()).isEqualTo(6.0);
    }

    @Test
    void hyperParametersRebuildAnIdenticalDescriptor() {
        DescriptorParameters p = new DescriptorParameters(List.of("O", "H"), 5.5, 4.0, 0.4, 7, 5, 3, 0.3, 0.02);
        ScalarDescriptor d = new ScalarDescriptor(p);
        Map<String, Object> m = d.hyperParameters();
        ScalarDescriptor e = ScalarDescriptor.fromMap(m);
        assertThat(e.parameters()).isEqualTo(p);
        assertThat(Descriptors.fromMap(m)).isInstanceOf(ScalarDescriptor.class);
        Structure s = DescriptorTestSupport.random(3, null, 4, new String[] {"O", "H"}, 5, 0.9);
        assertThat(e.compute(s, false).values).containsExactly(d.compute(s, false).values);
        assertThatThrownBy(() -> ScalarDescriptor.fromMap(Map.of("species", List.of("O"), "nmax", 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownSpeciesIsAnError() {
        Structure s = DescriptorTestSupport.random(3, null, 4, new String[] {"O", "N"}, 4, 0.9);
        assertThatThrownBy(() -> ScalarDescriptor.defaults("O", "H").compute(s, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N");
    }

    @Test
    void invariantUnderRotationTranslationAndPermutation() {
        Structure s = DescriptorTestSupport.random(21, DescriptorTestSupport.triclinic(5, 6.0, PBC), 0,
                new String[] {"Zr", "O", "O"}, 9, 1.0);
        ScalarDescriptor d = descriptor();
        double[] x = d.compute(s, false).values;
        double scale = maxAbs(x);
        double[] rot = Mat3.rotation(new double[] {0.3, -1.2, 0.7}, 1.1);
        double[] y = d.compute(s.transformed(rot, new double[] {1.3, -7.2, 0.4}), false).values;
        assertThat(y).containsExactly(x, within(1e-10 * scale));
        // permutation: swap two O atoms (indices 1 and 2)
        double[] p = s.positions();
        for (int c = 0; c < 3; c++) {
            double t = p[3 + c];
            p[3 + c] = p[6 + c];
            p[6 + c] = t;
        }
        double[] z = d.compute(s.toBuilder().positions(p).build(), false).values;
        int cc = d.components();
        for (int c = 0; c < cc; c++) {
            assertThat(z[cc + c]).isCloseTo(x[2 * cc + c], within(1e-12 * scale));
            assertThat(z[2 * cc + c]).isCloseTo(x[cc + c], within(1e-12 * scale));
            assertThat(z[c]).isCloseTo(x[c], within(1e-12 * scale));
        }
        // inversion is also a symmetry of an invariant descriptor
        double[] inv = {-1, 0, 0, 0, -1, 0, 0, 0, -1};
        double[] w = d.compute(s.transformed(inv, new double[3]), false).values;
        assertThat(w).containsExactly(x, within(1e-10 * scale));
    }

    @Test
    void supercellGivesIdenticalPerAtomDescriptors() {
        Cell cell = DescriptorTestSupport.triclinic(6, 4.2, PBC);
        Structure s = DescriptorTestSupport.random(22, cell, 0, new String[] {"Zr", "O", "O"}, 6, 1.0);
        double[] lat = cell.lattice();
        double[] big = lat.clone();
        for (int c = 0; c < 3; c++) {
            big[c] = 2 * lat[c];
        }
        int n = s.size();
        double[] p = new double[6 * n];
        String[] sym = new String[2 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                p[3 * i + c] = s.x(i, c);
                p[3 * (n + i) + c] = s.x(i, c) + lat[c];
            }
            sym[i] = s.symbol(i);
            sym[n + i] = s.symbol(i);
        }
        Structure sc = Structure.builder().symbols(sym).positions(p).cell(new Cell(big, PBC)).build();
        ScalarDescriptor d = descriptor();
        double[] x = d.compute(s, false).values;
        double[] y = d.compute(sc, false).values;
        int cc = d.components();
        double scale = maxAbs(x);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < cc; c++) {
                assertThat(y[i * cc + c]).isCloseTo(x[i * cc + c], within(1e-10 * scale));
                assertThat(y[(n + i) * cc + c]).isCloseTo(x[i * cc + c], within(1e-10 * scale));
            }
        }
    }

    @Test
    void pairContributionGoesSmoothlyToZeroAtTheCutoff() {
        ScalarDescriptor d = ScalarDescriptor.defaults("O", "H");
        int c2 = d.twoBodyComponents(), cc = d.components();
        Structure near = Structure.builder().symbols("O", "H").positions(new double[] {0, 0, 0, 1.0, 0.3, 0}).build();
        double scale = maxAbs(d.compute(near, false).values);
        // r -> R3 = 5: the three-body block of the pair vanishes like (R-r)^2, its derivative like (R-r)
        // (f_cut = (pi^2/4)(dr/R)^2 + ...); r -> R2 = 6: everything vanishes
        double[] rs = {5.0 - 1e-4, 6.0 - 1e-4};
        int[] firstZero = {c2, 0};
        for (int t = 0; t < 2; t++) {
            double r = rs[t];
            Structure s = Structure.builder().symbols("O", "H").positions(new double[] {0, 0, 0, r * 0.6, r * 0.8, 0})
                    .build();
            DescriptorSet ds = d.compute(s, true);
            assertThat(ds.entries()).isEqualTo(2);
            for (int i = 0; i < 2; i++) {
                for (int c = firstZero[t]; c < cc; c++) {
                    assertThat(Math.abs(ds.values[i * cc + c])).isLessThan(1e-8 * scale);
                }
            }
            for (int e = 0; e < 2; e++) {
                for (int k = 3 * e * cc; k < 3 * (e + 1) * cc; k++) {
                    if (k % cc >= firstZero[t]) {
                        assertThat(Math.abs(ds.derivatives[k])).isLessThan(1e-4 * scale);
                    }
                }
            }
        }
        // the two-body block is still alive at r = R3
        Structure mid = Structure.builder().symbols("O", "H").positions(new double[] {0, 0, 0, 5.0, 0, 0}).build();
        assertThat(maxAbs(java.util.Arrays.copyOf(d.compute(mid, false).values, c2))).isGreaterThan(1e-4 * scale);
        Structure out = Structure.builder().symbols("O", "H").positions(new double[] {0, 0, 0, 6.0, 0, 0}).build();
        DescriptorSet ds = d.compute(out, true);
        assertThat(ds.entries()).isZero();
        assertThat(ds.values).containsOnly(0.0);
    }

    @Test
    void twoBodyBlockProjectsTheSmearedDensity() {
        // c^{iJ}_{n00} equals int rho(r) chi_n0(|r|) Y_00 d^3r over |r| < R for one neighbour
        // (3D quadrature of the Gaussian, independent of the i_l expansion)
        DescriptorParameters p = DescriptorParameters.defaults("O", "H").withBeta(1.0);
        ScalarDescriptor d = new ScalarDescriptor(p);
        double rj = 2.1;
        Structure s = Structure.builder().symbols("O", "H").positions(new double[] {0, 0, 0, 0, 0, rj}).build();
        double[] x = d.compute(s, false).values;
        RadialBasis basis = new RadialBasis(6.0, 12, 0, 0.5, 0.01);
        double sig = 0.5;
        double[][] glr = SpecialFunctions.gaussLegendre(240);
        double[][] glz = SpecialFunctions.gaussLegendre(80);
        for (int n = 0; n < 12; n += 5) {
            double sum = 0;
            for (int a = 0; a < 240; a++) {
                double r = 3.0 * (glr[0][a] + 1);
                double wr = 3.0 * glr[1][a] * r * r;
                double radial = basis.chi(n, 0, r);
                for (int b = 0; b < 80; b++) {
                    double ct = glz[0][b];
                    // |r - r_j|^2 with r_j on z: azimuthal integral is 2 pi
                    double dd = r * r + rj * rj - 2 * r * rj * ct;
                    double g = Math.pow(2 * Math.PI * sig * sig, -1.5) * Math.exp(-dd / (2 * sig * sig));
                    sum += wr * glz[1][b] * 2 * Math.PI * g * radial * 0.5 / Math.sqrt(Math.PI);
                }
            }
            double fc = RadialBasis.fcut(rj, 6.0);
            // H is species index 1 for the O centre (atom 0)
            assertThat(x[12 + n]).as("n=%d", n).isCloseTo(fc * sum, within(1e-7 * Math.abs(fc * sum) + 1e-9));
        }
    }

    @Test
    void normalisedDescriptorHasUnitLength() {
        Structure s = DescriptorTestSupport.random(31, null, 4, new String[] {"O", "H"}, 6, 0.9);
        DescriptorSet ds = Descriptors.normalize(descriptor().compute(s, true));
        int cc = ds.components;
        for (int i = 0; i < ds.atoms; i++) {
            double n2 = 0;
            for (int c = 0; c < cc; c++) {
                n2 += ds.values[i * cc + c] * ds.values[i * cc + c];
            }
            assertThat(n2).isCloseTo(1.0, within(1e-12));
            // derivative rows are orthogonal to the unit vector
            for (int e = ds.offsets[i]; e < ds.offsets[i + 1]; e++) {
                for (int b = 0; b < 3; b++) {
                    double dot = 0;
                    for (int c = 0; c < cc; c++) {
                        dot += ds.values[i * cc + c] * ds.derivatives[(3 * e + b) * cc + c];
                    }
                    assertThat(dot).isCloseTo(0.0, within(1e-12));
                }
            }
        }
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static double[] randomRotation(Random rnd) {
        return Mat3.rotation(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()},
                2 * Math.PI * rnd.nextDouble());
    }
}
