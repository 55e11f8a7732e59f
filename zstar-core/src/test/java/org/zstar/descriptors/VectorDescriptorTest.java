package org.zstar.descriptors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
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

class VectorDescriptorTest {
    static final boolean[] PBC = {true, true, true};

    /** Smaller basis than the defaults to keep the finite differences quick; same code paths. */
    static VectorDescriptor small() {
        return new VectorDescriptor(new DescriptorParameters(List.of("H", "O", "Zr"), 5.0, 4.0, 0.5, 5, 4, 4, 0.1, 0.01));
    }

    static Stream<Arguments> structures() {
        return ScalarDescriptorTest.structures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structures")
    void derivativesMatchFiniteDifferences(String name, Structure s) {
        VectorDescriptor d = small();
        int f = d.features(), f2 = d.twoBodyFeatures();
        // two-body block of every row, then the three-body block of every row
        double e2 = 0, e3 = 0;
        for (int row = 0; row < 3; row++) {
            e2 = Math.max(e2, DescriptorTestSupport.fdError(d, UnaryOperator.identity(), s, row * f, row * f + f2));
            e3 = Math.max(e3, DescriptorTestSupport.fdError(d, UnaryOperator.identity(), s, row * f + f2, (row + 1) * f));
        }
        assertThat(e2).isLessThan(1e-6);
        assertThat(e3).isLessThan(1e-6);
    }

    /** Reverse-mode contraction of three functions of the 3 x F block equals the stored blocks contracted. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("structures")
    void contractionMatchesStoredDerivatives(String name, Structure s) {
        VectorDescriptor d = small();
        assertThat(DescriptorTestSupport.contractionError(d, d::contract, s, 3, name.hashCode())).isLessThan(1e-10);
    }

    @Test
    void sizesForDefaultParameters() {
        VectorDescriptor d = VectorDescriptor.defaults("Zr", "O");
        // 2 * 12 two-body + Lmax * (2 * 8)^2 three-body features per Cartesian row
        assertThat(d.features()).isEqualTo(24 + 4 * 256);
        assertThat(d.components()).isEqualTo(3 * 1048);
        assertThat(d.rank()).isEqualTo(1);
        assertThat(Descriptors.fromMap(d.hyperParameters())).isInstanceOf(VectorDescriptor.class);
        assertThat(((VectorDescriptor) Descriptors.fromMap(d.hyperParameters())).parameters()).isEqualTo(d.parameters());
    }

    @Test
    void rotatesAsAPolarVector() {
        Structure s = DescriptorTestSupport.random(41, DescriptorTestSupport.triclinic(7, 6.0, PBC), 0,
                new String[] {"Zr", "O", "H"}, 9, 1.0);
        VectorDescriptor d = small();
        int f = d.features();
        double[] x = d.compute(s, false).values;
        double scale = ScalarDescriptorTest.maxAbs(x);
        Random rnd = new Random(9);
        for (int t = 0; t < 3; t++) {
            double[] rot = ScalarDescriptorTest.randomRotation(rnd);
            double[] y = d.compute(s.transformed(rot, new double[] {rnd.nextGaussian(), 3, -2}), false).values;
            for (int i = 0; i < s.size(); i++) {
                for (int k = 0; k < f; k++) {
                    for (int a = 0; a < 3; a++) {
                        double want = 0;
                        for (int b = 0; b < 3; b++) {
                            want += rot[3 * a + b] * x[i * 3 * f + b * f + k];
                        }
                        assertThat(y[i * 3 * f + a * f + k]).isCloseTo(want, within(1e-10 * scale));
                    }
                }
            }
        }
        double[] inv = {-1, 0, 0, 0, -1, 0, 0, 0, -1};
        double[] z = d.compute(s.transformed(inv, new double[3]), false).values;
        for (int k = 0; k < x.length; k++) {
            assertThat(z[k]).isCloseTo(-x[k], within(1e-10 * scale));
        }
        // the three-body block is not trivially zero
        int f2 = d.twoBodyFeatures();
        double m3 = 0;
        for (int i = 0; i < s.size(); i++) {
            for (int k = f2; k < f; k++) {
                m3 = Math.max(m3, Math.abs(x[i * 3 * f + k]));
            }
        }
        assertThat(m3).isGreaterThan(1e-3 * scale);
    }

    @Test
    void supercellGivesIdenticalPerAtomBlocks() {
        Cell cell = DescriptorTestSupport.triclinic(8, 4.0, PBC);
        Structure s = DescriptorTestSupport.random(42, cell, 0, new String[] {"Zr", "O", "O"}, 5, 1.0);
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
        VectorDescriptor d = small();
        double[] x = d.compute(s, false).values;
        double[] y = d.compute(sc, false).values;
        int cc = d.components();
        double scale = ScalarDescriptorTest.maxAbs(x);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < cc; c++) {
                assertThat(y[i * cc + c]).isCloseTo(x[i * cc + c], within(1e-10 * scale));
                assertThat(y[(n + i) * cc + c]).isCloseTo(x[i * cc + c], within(1e-10 * scale));
            }
        }
    }

    @Test
    void twoBodyRowsAreTheLOneCoefficients() {
        // one neighbour along +x: only the x row is non-zero and it is positive (Y_11 = sqrt(3/4pi) x)
        VectorDescriptor d = VectorDescriptor.defaults("O", "H");
        Structure s = Structure.builder().symbols("O", "H").positions(new double[] {0, 0, 0, 1.7, 0, 0}).build();
        double[] x = d.compute(s, false).values;
        int f = d.features();
        double sx = 0, syz = 0;
        for (int k = 0; k < d.twoBodyFeatures(); k++) {
            sx += Math.abs(x[k]);
            syz += Math.abs(x[f + k]) + Math.abs(x[2 * f + k]);
        }
        assertThat(sx).isGreaterThan(1e-3);
        assertThat(syz).isLessThan(1e-14);
        // atom 1 sees O along -x: its O block (species 0) is the negative of... a different radial value sign
        assertThat(x[12]).as("H block of O along +x").isPositive();
    }

    @Test
    void couplingCoefficientsAreNormalisedAndEquivariant() {
        int lmax = 5;
        double[][] cg = RealClebschGordan.lambdaOne(lmax);
        RealSphericalHarmonics sh = new RealSphericalHarmonics(lmax);
        double[] y = new double[sh.size()], g = new double[3 * sh.size()], w = new double[sh.workSize()];
        Random rnd = new Random(3);
        for (int l = 0; l < lmax; l++) {
            int w1 = 2 * l + 1, w2 = 2 * l + 3;
            for (int mu = 0; mu < 3; mu++) {
                double n2 = 0;
                for (int k = 0; k < w1 * w2; k++) {
                    n2 += cg[l][mu * w1 * w2 + k] * cg[l][mu * w1 * w2 + k];
                }
                assertThat(n2).isCloseTo(1.0, within(1e-13));
            }
            // couple Y_l(u) with Y_{l+1}(u): the result is a vector field that must be parallel to u
            // (the only vector built from u alone), and non-zero
            for (int t = 0; t < 5; t++) {
                double[] u = RealSphericalHarmonicsTest.unit(rnd);
                sh.solid(u[0], u[1], u[2], y, g, w);
                double[] v = new double[3]; // mu order (y, z, x)
                for (int mu = 0; mu < 3; mu++) {
                    for (int m = 0; m < w1; m++) {
                        for (int mp = 0; mp < w2; mp++) {
                            v[mu] += cg[l][(mu * w1 + m) * w2 + mp] * y[l * l + m] * y[(l + 1) * (l + 1) + mp];
                        }
                    }
                }
                double[] cart = {v[2], v[0], v[1]};
                double[] cross = {cart[1] * u[2] - cart[2] * u[1], cart[2] * u[0] - cart[0] * u[2],
                    cart[0] * u[1] - cart[1] * u[0]};
                assertThat(Mat3.dot(cart, cart)).isGreaterThan(1e-4);
                assertThat(Mat3.dot(cross, cross)).isLessThan(1e-26);
            }
        }
    }
}
