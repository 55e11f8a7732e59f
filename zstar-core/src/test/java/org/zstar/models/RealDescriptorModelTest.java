package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;

/**
 * The models on the production descriptors (small basis): the BEC is the finite-difference derivative of
 * the predicted polarisation, and rotates as R Z R^T, in a periodic cell small enough that atoms see their
 * own images. Guards the contract between the descriptor's derivative layout and the models.
 */
class RealDescriptorModelTest {

    static KernelBecModel model(ModelKind kind, BecModelSpec.DipoleKernel dk, Structure s, long seed) {
        return model(kind, dk, s, seed, ChargeForm.EXACT, false, false);
    }

    static KernelBecModel model(ModelKind kind, BecModelSpec.DipoleKernel dk, Structure s, long seed, ChargeForm form,
            boolean offsets, boolean projectAsr) {
        return model(kind, dk, s, seed, form, offsets, projectAsr, false);
    }

    /** modulated: feature dipoles modulated by the scalar kernel (D4) on the charge reference environments. */
    static KernelBecModel model(ModelKind kind, BecModelSpec.DipoleKernel dk, Structure s, long seed, ChargeForm form,
            boolean offsets, boolean projectAsr, boolean modulated) {
        DescriptorParameters p = new DescriptorParameters(List.of("H", "O"), 3.0, 2.6, 0.5, 4, 3, 2, 0.3, 0.01);
        UnitDescriptor scalar = new UnitDescriptor(new ScalarDescriptor(p));
        VectorDescriptor vector = new VectorDescriptor(p);
        DescriptorSet xs = scalar.compute(s, false);
        DescriptorSet xv = vector.compute(s, false);
        int fs = xs.components, cv = xv.components;
        double[][] rs = new double[2][], rv = new double[2][], rvs = new double[2][];
        for (int sp = 0; sp < 2; sp++) {
            List<Integer> atoms = new java.util.ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (s.symbol(i).equals(List.of("H", "O").get(sp))) {
                    atoms.add(i);
                }
            }
            rs[sp] = new double[2 * fs];
            rv[sp] = new double[2 * cv];
            rvs[sp] = new double[2 * fs];
            for (int b = 0; b < 2; b++) {
                int i = atoms.get(b);
                System.arraycopy(xs.values, i * fs, rs[sp], b * fs, fs);
                System.arraycopy(xv.values, i * cv, rv[sp], b * cv, cv);
                System.arraycopy(xs.values, i * fs, rvs[sp], b * fs, fs);
            }
        }
        BecModelSpec spec = new BecModelSpec(kind, 2, dk, 3, form, offsets && kind.hasCharges(), projectAsr);
        boolean features = dk == BecModelSpec.DipoleKernel.FEATURES;
        ReferenceEnvironments refs = new ReferenceEnvironments(List.of("H", "O"), kind.hasCharges() ? rs : null,
                kind.hasCharges() || modulated ? fs : 0, kind.hasDipoles() && !features ? rv : null,
                kind.hasDipoles() && !features ? rvs : null, kind.hasDipoles() ? cv / 3 : 0, offsets && kind.hasCharges(),
                kind.hasDipoles() && features, modulated ? rs : null, modulated ? halfSubset(cv / 3) : null);
        Random rnd = new Random(seed);
        double[] w = new double[refs.columns()];
        for (int c = 0; c < w.length; c++) {
            w[c] = rnd.nextGaussian();
        }
        return new KernelBecModel(spec, scalar, vector, refs, w, kind.hasCharges() ? null : new double[] {0.4, -0.8},
                null);
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void finiteDifferencesAndRotationWithProductionDescriptors(ModelKind kind) {
        Structure s = KernelBecModelPropertiesTest.periodic(21);
        for (Variant v : variants(kind)) {
            KernelBecModel m = model(kind, v.kernel, s, 5, ChargeForm.EXACT, false, false, v.modulated);
            assertThat(m.predictsByContraction()).isTrue();
            BecModelSpec.DipoleKernel dk = v.kernel;
            BecPrediction pred = m.predict(s);
            double h = 1e-5, maxAbs = 0, maxErr = 0;
            for (int j = 0; j < s.size(); j++) {
                for (int b = 0; b < 3; b++) {
                    double[] plus = s.positions(), minus = s.positions();
                    plus[3 * j + b] += h;
                    minus[3 * j + b] -= h;
                    double[] pp = m.predict(s.toBuilder().positions(plus).build()).polarization();
                    double[] pm = m.predict(s.toBuilder().positions(minus).build()).polarization();
                    for (int a = 0; a < 3; a++) {
                        double z = pred.bec()[9 * j + 3 * a + b];
                        maxAbs = Math.max(maxAbs, Math.abs(z));
                        maxErr = Math.max(maxErr, Math.abs((pp[a] - pm[a]) / (2 * h) - z));
                    }
                }
            }
            assertThat(maxAbs).isGreaterThan(1e-3);
            assertThat(maxErr / maxAbs).as("%s %s modulated %s", kind, dk, v.modulated).isLessThan(1e-6);
            // exact charge form, no projection: the ASR holds by construction (translation-invariant q~ and p)
            for (int k = 0; k < 9; k++) {
                double sum = 0;
                for (int j = 0; j < s.size(); j++) {
                    sum += pred.bec()[9 * j + k];
                }
                assertThat(sum).as("ASR %s %s component %d", kind, dk, k)
                        .isCloseTo(k % 4 == 0 ? s.totalCharge() : 0.0, within(1e-9 * maxAbs * s.size()));
            }
            BecPrediction moved = m.predict(s.transformed(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[] {0.37, -1.1, 0.52}));
            assertThat(moved.bec()).as("translation %s %s", kind, dk).containsExactly(pred.bec(), within(1e-9 * maxAbs));
            double[] rot = Mat3.rotation(new double[] {0.6, -0.1, 0.3}, 0.9);
            BecPrediction pr = m.predict(s.transformed(rot, new double[] {0.3, 0.2, -0.4}));
            for (int j = 0; j < s.size(); j++) {
                double[] z = java.util.Arrays.copyOfRange(pred.bec(), 9 * j, 9 * j + 9);
                assertThat(java.util.Arrays.copyOfRange(pr.bec(), 9 * j, 9 * j + 9))
                        .containsExactly(Mat3.rotateTensor(rot, z), within(1e-8 * maxAbs));
            }
        }
    }

    /**
     * predict (reverse-mode contraction where supported) returns the numbers of the full design for every model form:
     * kinds, dipole kernels, charge forms, charge offsets, ASR projection, a charged molecule and a periodic cell.
     */
    /** (D5): the modulators of H multiply every other lambda = 1 feature, those of O all of them. */
    static int[][] halfSubset(int features) {
        int[][] subsets = new int[2][];
        subsets[0] = new int[(features + 1) / 2];
        for (int k = 0; k < subsets[0].length; k++) {
            subsets[0][k] = 2 * k;
        }
        return subsets;
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void contractedPredictionEqualsTheDesign(ModelKind kind) {
        Structure periodic = KernelBecModelPropertiesTest.periodic(22);
        Structure molecule = KernelBecModelPropertiesTest.molecule(23).toBuilder().totalCharge(1.0).build();
        long seed = 30;
        for (Structure s : List.of(periodic, molecule)) {
            for (Variant variant : variants(kind)) {
                BecModelSpec.DipoleKernel dk = variant.kernel;
                for (ChargeForm form : new ChargeForm[] {ChargeForm.LOCAL, ChargeForm.EXACT}) {
                    for (boolean offsets : new boolean[] {false, true}) {
                        for (boolean asr : new boolean[] {false, true}) {
                            KernelBecModel m = model(kind, dk, s, seed++, form, offsets, asr, variant.modulated);
                            assertThat(m.predictsByContraction()).isTrue();
                            BecPrediction fast = m.predict(s);
                            BecPrediction ref = m.predictByDesign(s);
                            String what = kind + " " + dk + " modulated " + variant.modulated + " " + form + " offsets " + offsets
                                    + " asr " + asr + " periodic " + s.isPeriodic();
                            double scale = 0;
                            for (double v : ref.bec()) {
                                scale = Math.max(scale, Math.abs(v));
                            }
                            assertThat(scale).isGreaterThan(1e-3);
                            double tol = 1e-10 * scale;
                            assertThat(fast.bec()).as(what).containsExactly(ref.bec(), within(tol));
                            assertThat(fast.monopole()).as(what).containsExactly(ref.monopole(), within(tol));
                            assertThat(fast.redistribution()).as(what).containsExactly(ref.redistribution(), within(tol));
                            assertThat(fast.dipolePart()).as(what).containsExactly(ref.dipolePart(), within(tol));
                            assertThat(fast.charges()).as(what).containsExactly(ref.charges(), within(1e-10));
                            assertThat(fast.polarization()).as(what).containsExactly(ref.polarization(), within(1e-9));
                            if (ref.dipoles() == null) {
                                assertThat(fast.dipoles()).isNull();
                            } else {
                                assertThat(fast.dipoles()).as(what).containsExactly(ref.dipoles(), within(1e-10));
                            }
                        }
                    }
                }
            }
        }
    }

    /** A dipole kernel, with or without modulators (D4, feature dipoles only). */
    record Variant(BecModelSpec.DipoleKernel kernel, boolean modulated) {
    }

    /** Every dipole form of a kind: the three kernels and modulated feature dipoles (one variant without dipoles). */
    static List<Variant> variants(ModelKind kind) {
        List<Variant> out = new java.util.ArrayList<>();
        for (BecModelSpec.DipoleKernel dk : BecModelSpec.DipoleKernel.values()) {
            out.add(new Variant(dk, false));
        }
        if (kind.hasDipoles()) {
            out.add(new Variant(BecModelSpec.DipoleKernel.FEATURES, true));
        }
        return out;
    }
}
