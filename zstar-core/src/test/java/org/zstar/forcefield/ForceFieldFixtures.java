package org.zstar.forcefield;

import org.zstar.testutil.ToyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/** Random structures and random kernel force fields on the analytic {@link ToyDescriptor}. */
final class ForceFieldFixtures {
    static final List<String> SPECIES = List.of("H", "O");

    private ForceFieldFixtures() {
    }

    static ToyDescriptor descriptor() {
        return new ToyDescriptor(SPECIES, 3.5, 0, false);
    }

    /** Atoms on a jittered grid (no two closer than ~1 A), in a triclinic periodic cell or as a molecule. */
    static Structure random(Random rnd, int atoms, boolean periodic) {
        String[] sym = new String[atoms];
        double[] pos = new double[3 * atoms];
        for (int i = 0; i < atoms; i++) {
            sym[i] = rnd.nextDouble() < 0.4 ? "O" : "H";
            int gx = i % 3, gy = (i / 3) % 3, gz = i / 9;
            pos[3 * i] = 1.5 * gx + 0.4 * rnd.nextDouble();
            pos[3 * i + 1] = 1.5 * gy + 0.4 * rnd.nextDouble();
            pos[3 * i + 2] = 1.5 * gz + 0.4 * rnd.nextDouble();
        }
        Structure.Builder b = Structure.builder().symbols(sym).positions(pos);
        if (periodic) {
            int layers = (atoms + 8) / 9;
            b.cell(Cell.periodic(new double[][] {{4.6, 0, 0}, {0.5, 4.5, 0}, {0.3, -0.4, 1.5 * layers + 0.1}}));
        }
        return b.build();
    }

    /** A force field whose references are atoms of the given structures, with random weights and offsets. */
    static KernelForceField randomForceField(Random rnd, List<Structure> from, int zeta, int perSpecies) {
        ToyDescriptor d = descriptor();
        int f = d.components();
        List<List<double[]>> rows = new ArrayList<>();
        for (int s = 0; s < SPECIES.size(); s++) {
            rows.add(new ArrayList<>());
        }
        for (Structure st : from) {
            DescriptorSet u = UnitDescriptors.normalize(d.compute(st, false));
            for (int i = 0; i < st.size(); i++) {
                rows.get(SPECIES.indexOf(st.symbol(i))).add(java.util.Arrays.copyOfRange(u.values, i * f, i * f + f));
            }
        }
        double[][] refs = new double[2][];
        double[][] w = new double[2][];
        for (int s = 0; s < 2; s++) {
            int m = Math.min(perSpecies, rows.get(s).size());
            refs[s] = new double[m * f];
            w[s] = new double[m];
            for (int b = 0; b < m; b++) {
                System.arraycopy(rows.get(s).get(b), 0, refs[s], b * f, f);
                w[s][b] = rnd.nextGaussian();
            }
        }
        return new KernelForceField(d, SPECIES, zeta, refs, w, new double[] {-13.6 + rnd.nextGaussian(),
                -430 + rnd.nextGaussian()}, Map.of());
    }
}
