package org.zstar.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.io.ExtXyzWriter;
import org.zstar.models.BecModelSpec;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelKind;
import org.zstar.models.ReferenceEnvironments;
import org.zstar.models.UnitDescriptor;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * Tiny periodic H/O frames whose BECs come from a known (teacher) combined model with the production
 * descriptors at small settings. {@link #main} writes the committed fixture
 * src/test/resources/fixtures/experiments/teacher.xyz.
 */
final class ExperimentFixtures {
    static final List<String> SPECIES = List.of("H", "O");
    /** Small descriptor settings (CLI: --r2 3.0 --r3 3.0 --n2 4 --n3 3 --lmax 2). */
    static final String[] DESCRIPTOR_ARGS = {"--r2", "3.0", "--r3", "3.0", "--n2", "4", "--n3", "3", "--lmax", "2"};

    private ExperimentFixtures() {
    }

    static DescriptorParameters params() {
        return new DescriptorParameters(SPECIES, 3.0, 3.0, 0.5, 4, 3, 2, 0.1, DescriptorParameters.DEFAULT_GRID_STEP);
    }

    static AtomicDescriptor scalar() {
        return new UnitDescriptor(new ScalarDescriptor(params()));
    }

    static AtomicDescriptor vector() {
        return new VectorDescriptor(params());
    }

    /** 9 atoms (3 O, 6 H) in a skewed 4.6 A cell, positions seeded, no pair closer than 0.9 A (minimum image). */
    static Structure frame(long seed) {
        Random rnd = new Random(seed);
        Cell cell = Cell.periodic(new double[][] {{4.6, 0.1, 0.0}, {0.2, 4.5, 0.1}, {0.0, -0.1, 4.7}});
        int n = 9;
        String[] sym = new String[n];
        double[] p = new double[3 * n];
        for (int i = 0; i < n; i++) {
            sym[i] = i < 3 ? "O" : "H";
            boolean ok;
            do {
                for (int a = 0; a < 3; a++) {
                    p[3 * i + a] = rnd.nextDouble() * 4.5;
                }
                ok = true;
                for (int j = 0; j < i && ok; j++) {
                    double[] d = {p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]};
                    double[] mi = cell.minimumImage(d);
                    ok = Math.sqrt(mi[0] * mi[0] + mi[1] * mi[1] + mi[2] * mi[2]) > 0.9;
                }
            } while (!ok);
        }
        return Structure.builder().symbols(sym).positions(p).cell(cell).build();
    }

    /** Teacher: combined model, 2 references per species from the environments of frame(1000), seeded weights. */
    static KernelBecModel teacher() {
        Structure ref = frame(1000);
        AtomicDescriptor scalar = scalar();
        AtomicDescriptor vector = vector();
        DescriptorSet xs = scalar.compute(ref, false);
        DescriptorSet xv = vector.compute(ref, false);
        int fs = xs.components;
        int cv = xv.components;
        double[][] rs = new double[2][];
        double[][] rv = new double[2][];
        for (int s = 0; s < 2; s++) {
            List<Integer> atoms = new ArrayList<>();
            for (int i = 0; i < ref.size(); i++) {
                if (ref.symbol(i).equals(SPECIES.get(s))) {
                    atoms.add(i);
                }
            }
            rs[s] = new double[2 * fs];
            rv[s] = new double[2 * cv];
            for (int b = 0; b < 2; b++) {
                System.arraycopy(xs.values, atoms.get(b) * fs, rs[s], b * fs, fs);
                System.arraycopy(xv.values, atoms.get(b) * cv, rv[s], b * cv, cv);
            }
        }
        ReferenceEnvironments refs = new ReferenceEnvironments(SPECIES, rs, fs, rv, null, cv / 3, true);
        BecModelSpec spec = BecModelSpec.defaults(ModelKind.COMBINED);
        spec = new BecModelSpec(ModelKind.COMBINED, 2, spec.dipoleKernel(), spec.dipoleZeta(), spec.chargeForm(), true,
                true);
        Random rnd = new Random(77);
        double[] w = new double[refs.columns()];
        for (int c = 0; c < w.length; c++) {
            w[c] = 0.3 * rnd.nextGaussian();
        }
        w[refs.offsetColumn(0)] = 0.45; // H
        w[refs.offsetColumn(1)] = -0.9; // O
        return new KernelBecModel(spec, scalar, vector, refs, w, null, null);
    }

    /** count frames labelled with the teacher's BECs. */
    static List<Structure> labelled(int count) {
        KernelBecModel t = teacher();
        List<Structure> out = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            Structure s = frame(f);
            out.add(s.toBuilder().bec(t.predict(s).bec()).build());
        }
        return out;
    }

    static String fixture() {
        return org.zstar.testutil.TestFixtures.fixture("experiments/teacher.xyz").toString();
    }

    public static void main(String[] args) {
        ExtXyzWriter.write(Path.of(args.length > 0 ? args[0]
                : "src/test/resources/fixtures/experiments/teacher.xyz"), labelled(14));
    }
}
