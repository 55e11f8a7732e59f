package org.zstar.forcefield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.Descriptors;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.md.ForceResult;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/** Forces and stress of a kernel force field on the production invariant descriptor, by finite differences. */
class ProductionDescriptorForceTest {

    @Test
    void forcesAndStressMatchFiniteDifferences() {
        List<String> species = List.of("H", "O");
        ScalarDescriptor d = new ScalarDescriptor(new DescriptorParameters(species, 3.2, 2.8, 0.5, 5, 4, 3, 0.2, 0.01));
        Random rnd = new Random(4);
        int n = 9;
        String[] sym = new String[n];
        double[] p = new double[3 * n];
        for (int i = 0; i < n; i++) {
            sym[i] = i % 3 == 0 ? "O" : "H";
            p[3 * i] = 1.4 * (i % 3) + 0.3 * rnd.nextDouble();
            p[3 * i + 1] = 1.4 * (i / 3) + 0.3 * rnd.nextDouble();
            p[3 * i + 2] = 1.6 * rnd.nextDouble();
        }
        Structure s = Structure.builder().symbols(sym).positions(p)
                .cell(Cell.periodic(new double[][] {{4.3, 0, 0}, {0.4, 4.2, 0}, {0.2, 0.3, 3.9}})).build();
        DescriptorSet u = Descriptors.normalize(d.compute(s, false));
        int f = u.components;
        double[][] refs = new double[2][];
        double[][] w = new double[2][];
        for (int sp = 0; sp < 2; sp++) {
            List<Integer> atoms = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (s.symbol(i).equals(species.get(sp))) {
                    atoms.add(i);
                }
            }
            refs[sp] = new double[2 * f];
            w[sp] = new double[] {rnd.nextGaussian(), rnd.nextGaussian()};
            for (int b = 0; b < 2; b++) {
                System.arraycopy(u.values, atoms.get(b) * f, refs[sp], b * f, f);
            }
        }
        KernelForceField ff = new KernelForceField(d, species, 3, refs, w, new double[] {-1, -2}, Map.of());
        ForceResult r = ff.compute(s);
        // the reverse-mode path (used by compute for this descriptor) agrees with the stored-derivative path
        ForceResult dense = ff.computeFromDerivatives(s);
        assertThat(r.energy()).isCloseTo(dense.energy(), offset(1e-10 * Math.abs(dense.energy())));
        for (int k = 0; k < 3 * n; k++) {
            assertThat(r.forces()[k]).isCloseTo(dense.forces()[k], offset(1e-10));
        }
        for (int k = 0; k < 9; k++) {
            assertThat(r.virial()[k]).isCloseTo(dense.virial()[k], offset(1e-10));
        }
        double maxF = 0;
        for (double v : r.forces()) {
            maxF = Math.max(maxF, Math.abs(v));
        }
        assertThat(maxF).isGreaterThan(1e-2);
        double h = 1e-5;
        for (int k = 0; k < 3 * n; k++) {
            double[] q = p.clone();
            q[k] += h;
            double ep = ff.compute(s.toBuilder().positions(q).build()).energy();
            q[k] -= 2 * h;
            double em = ff.compute(s.toBuilder().positions(q).build()).energy();
            assertThat(r.forces()[k]).as("force %d", k).isCloseTo(-(ep - em) / (2 * h), offset(1e-6 * maxF));
        }
        double maxV = 0;
        for (double v : r.virial()) {
            maxV = Math.max(maxV, Math.abs(v));
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double[] def = {1, 0, 0, 0, 1, 0, 0, 0, 1};
                def[3 * a + b] += h;
                double ep = ff.compute(s.transformed(def, new double[3])).energy();
                def[3 * a + b] -= 2 * h;
                double em = ff.compute(s.transformed(def, new double[3])).energy();
                assertThat(r.virial()[3 * a + b]).as("virial %d%d", a, b).isCloseTo((ep - em) / (2 * h),
                        offset(1e-6 * maxV));
            }
        }
    }
}
