package org.zstar.descriptors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.structure.Structure;

/**
 * The joint contraction of the invariant and lambda = 1 descriptors (3.12) equals the stored derivative blocks of both,
 * contracted with the same upstream gradients, entry by entry: with a shared three-body expansion (equal parameters)
 * and with two different ones (equal cutoff, so that the neighbour lists agree), for functions that mix both blocks.
 */
class JointContractionTest {
    static Stream<Arguments> cases() {
        List<String> sp = List.of("H", "O", "Zr");
        DescriptorParameters p = new DescriptorParameters(sp, 5.0, 4.0, 0.5, 5, 4, 4, 0.1, 0.01);
        DescriptorParameters q = new DescriptorParameters(sp, 4.5, 5.0, 0.45, 4, 3, 3, 0.2, 0.01);
        return ScalarDescriptorTest.structures().flatMap(a -> Stream.of(
                Arguments.of(a.get()[0] + " shared", a.get()[1], p, p),
                Arguments.of(a.get()[0] + " separate", a.get()[1], p, q)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jointContractionMatchesStoredDerivatives(String name, Structure s, DescriptorParameters ps,
            DescriptorParameters pv) {
        ScalarDescriptor scalar = new ScalarDescriptor(ps);
        VectorDescriptor vector = new VectorDescriptor(pv);
        int fs = scalar.components(), cv = vector.components();
        Random rnd = new Random(name.hashCode());
        int outputs = 3;
        double[] a = gaussian(rnd, outputs * fs);
        double[] b = gaussian(rnd, outputs * cv);
        // f_0 = a_0.Xs (scalar only), f_1 = b_1.Xv (vector only), f_2 = (a_2.Xs)(b_2.Xv) + i (both)
        JointContraction.Upstream fn = new JointContraction.Upstream() {
            @Override
            public int outputs() {
                return outputs;
            }

            @Override
            public boolean usesScalar(int k) {
                return k != 1;
            }

            @Override
            public boolean usesVector(int k) {
                return k != 0;
            }

            @Override
            public void evaluate(int centre, double[] xs, double[] xv, double[] out, double[] gs, double[] gv) {
                evaluateAt(centre, xs, 0, xv, 0, a, b, fs, cv, out, gs, gv);
            }
        };
        PairGradients pg = JointContraction.contract(s, scalar, vector, fn);
        DescriptorSet ds = scalar.compute(s, true);
        DescriptorSet dv = vector.compute(s, true);
        assertThat(pg.neighbours).containsExactly(ds.neighbours);
        assertThat(dv.neighbours).containsExactly(ds.neighbours);
        double[] out = new double[outputs];
        double[] gs = new double[outputs * fs];
        double[] gv = new double[outputs * cv];
        double max = 0, maxErr = 0;
        for (int i = 0; i < s.size(); i++) {
            evaluateAt(i, ds.values, i * fs, dv.values, i * cv, a, b, fs, cv, out, gs, gv);
            for (int k = 0; k < outputs; k++) {
                assertThat(pg.values[i * outputs + k]).isCloseTo(out[k], within(1e-9 * Math.max(1, Math.abs(out[k]))));
            }
            for (int e = ds.offsets[i]; e < ds.offsets[i + 1]; e++) {
                for (int k = 0; k < outputs; k++) {
                    for (int c = 0; c < 3; c++) {
                        double v = 0;
                        if (fn.usesScalar(k)) {
                            for (int t = 0; t < fs; t++) {
                                v += gs[k * fs + t] * ds.derivatives[(3 * e + c) * fs + t];
                            }
                        }
                        if (fn.usesVector(k)) {
                            for (int t = 0; t < cv; t++) {
                                v += gv[k * cv + t] * dv.derivatives[(3 * e + c) * cv + t];
                            }
                        }
                        max = Math.max(max, Math.abs(v));
                        maxErr = Math.max(maxErr, Math.abs(v - pg.gradients[(e * outputs + k) * 3 + c]));
                    }
                }
            }
        }
        assertThat(max).isGreaterThan(1e-6);
        assertThat(maxErr / max).as(name).isLessThan(1e-10);
    }

    private static void evaluateAt(int centre, double[] xs, int so, double[] xv, int vo, double[] a, double[] b, int fs,
            int cv, double[] out, double[] gs, double[] gv) {
        double ax0 = 0, ax2 = 0, bx1 = 0, bx2 = 0;
        for (int t = 0; t < fs; t++) {
            ax0 += a[t] * xs[so + t];
            ax2 += a[2 * fs + t] * xs[so + t];
        }
        for (int t = 0; t < cv; t++) {
            bx1 += b[cv + t] * xv[vo + t];
            bx2 += b[2 * cv + t] * xv[vo + t];
        }
        out[0] = ax0;
        out[1] = bx1;
        out[2] = ax2 * bx2 + centre;
        for (int t = 0; t < fs; t++) {
            gs[t] = a[t];
            gs[2 * fs + t] = bx2 * a[2 * fs + t];
        }
        for (int t = 0; t < cv; t++) {
            gv[cv + t] = b[cv + t];
            gv[2 * cv + t] = ax2 * b[2 * cv + t];
        }
    }

    private static double[] gaussian(Random rnd, int n) {
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = rnd.nextGaussian();
        }
        return v;
    }
}
