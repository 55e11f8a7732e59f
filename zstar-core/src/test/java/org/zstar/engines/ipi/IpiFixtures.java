package org.zstar.engines.ipi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.Descriptors;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.forcefield.KernelForceField;
import org.zstar.models.BecModelSpec;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelKind;
import org.zstar.models.ReferenceEnvironments;
import org.zstar.models.UnitDescriptor;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/** A water box in a triclinic cell, a water molecule, and a small kernel force field and monopole BEC model. */
public final class IpiFixtures {
    public static final List<String> SPECIES = List.of("H", "O");

    private IpiFixtures() {
    }

    public static ScalarDescriptor descriptor() {
        return new ScalarDescriptor(new DescriptorParameters(SPECIES, 3.5, 3.0, 0.5, 4, 3, 2, 0.1, 0.02));
    }

    /** Four water molecules in a skewed 5 A cell (lattice matrix not symmetric, so a transposition shows). */
    public static Structure waterBox(long seed) {
        Random rnd = new Random(seed);
        double[][] centres = {{1, 1, 1}, {3.5, 1.2, 1.1}, {1.2, 3.6, 3.4}, {3.4, 3.5, 2.2}};
        List<String> sym = new ArrayList<>();
        List<Double> pos = new ArrayList<>();
        for (double[] c : centres) {
            addWater(rnd, c, sym, pos);
        }
        return Structure.builder().symbols(sym.toArray(new String[0]))
                .positions(pos.stream().mapToDouble(Double::doubleValue).toArray())
                .cell(Cell.periodic(new double[][] {{5.1, 0, 0}, {0.6, 4.9, 0}, {-0.4, 0.3, 5.2}})).build();
    }

    /** One bent water molecule without a cell. */
    public static Structure waterMolecule() {
        return Structure.builder().symbols("O", "H", "H")
                .positions(new double[] {0.02, -0.01, 0.03, 0.95, 0.08, -0.02, -0.27, 0.93, 0.05}).build();
    }

    private static void addWater(Random rnd, double[] c, List<String> sym, List<Double> pos) {
        sym.add("O");
        for (int k = 0; k < 3; k++) {
            pos.add(c[k]);
        }
        double ang = rnd.nextDouble() * Math.PI;
        sym.add("H");
        pos.add(c[0] + 0.96 * Math.cos(ang));
        pos.add(c[1] + 0.96 * Math.sin(ang));
        pos.add(c[2]);
        sym.add("H");
        pos.add(c[0] + 0.96 * Math.cos(ang + 1.82));
        pos.add(c[1] + 0.96 * Math.sin(ang + 1.82));
        pos.add(c[2] + 0.1);
    }

    private static double[][] references(ScalarDescriptor d, Structure from, int m) {
        DescriptorSet u = Descriptors.normalize(d.compute(from, false));
        int f = u.components;
        double[][] refs = new double[SPECIES.size()][];
        for (int s = 0; s < SPECIES.size(); s++) {
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < from.size(); i++) {
                if (from.symbol(i).equals(SPECIES.get(s))) {
                    rows.add(Arrays.copyOfRange(u.values, i * f, i * f + f));
                }
            }
            refs[s] = new double[m * f];
            for (int b = 0; b < m; b++) {
                System.arraycopy(rows.get(b), 0, refs[s], b * f, f);
            }
        }
        return refs;
    }

    /** A kernel force field (zeta 2, 3 references per species, seeded random weights). */
    public static KernelForceField forceField() {
        ScalarDescriptor d = descriptor();
        double[][] refs = references(d, waterBox(1), 3);
        Random rnd = new Random(2);
        double[][] w = new double[2][3];
        for (double[] row : w) {
            for (int b = 0; b < 3; b++) {
                row[b] = 0.05 * rnd.nextGaussian();
            }
        }
        return new KernelForceField(d, SPECIES, 2, refs, w, new double[] {-3.0, -5.0}, Map.of());
    }

    /** A monopole BEC model: environment-dependent charges, so its Z tensors are not symmetric. */
    public static KernelBecModel becModel() {
        ScalarDescriptor d = descriptor();
        double[][] refs = references(d, waterBox(1), 3);
        int f = d.components();
        ReferenceEnvironments re = new ReferenceEnvironments(SPECIES, refs, f, null, null, 0, false);
        Random rnd = new Random(3);
        double[] bw = new double[re.columns()];
        for (int k = 0; k < bw.length; k++) {
            bw[k] = 0.3 * rnd.nextGaussian();
        }
        return new KernelBecModel(BecModelSpec.defaults(ModelKind.MONOPOLE), new UnitDescriptor(d), null, re, bw,
                null, Map.of());
    }

    /** Positions in Bohr. */
    public static double[] bohr(double[] angstrom, AtomicUnits u) {
        double[] b = new double[angstrom.length];
        for (int k = 0; k < b.length; k++) {
            b[k] = angstrom[k] / u.bohr();
        }
        return b;
    }

    /** The lattice rows of a structure in Bohr, or zeros without a cell. */
    public static double[] latticeBohr(Structure s, AtomicUnits u) {
        return s.cell() == null ? new double[9] : bohr(s.cell().lattice(), u);
    }
}
