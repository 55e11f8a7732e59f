package org.zstar.forcefield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.io.BuiltInData;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * The force field's weight posterior (docs/THEORY.md (FFU1)-(FFU3)) on the built-in water8-pbe frames: trained on
 * frames 0-47, scored on the held-out random packings 48-59 (the split of the demo); stored in the file, and files
 * without it still load.
 */
class ForceFieldPosteriorTest {
    /** The compact descriptor of the demo (r2 = 5, r3 = 4, n2 = 8, n3 = 6, lmax = 3), 60 FPS references per species. */
    static KernelForceField train(List<Structure> frames) {
        ScalarDescriptor d = new ScalarDescriptor(new DescriptorParameters(List.of("H", "O"), 5.0, 4.0, 0.5, 8, 6, 3,
                0.1, DescriptorParameters.DEFAULT_GRID_STEP));
        return ForceFieldTrainer.train(frames, d, ForceFieldTrainingOptions.builder().zeta(4).references(60)
                .selection(org.zstar.models.TrainingOptions.Selection.FPS).lambda(1e-9).threads(1).build());
    }

    @Test
    void heldOutForcesAreCoveredAndThePosteriorRoundTrips(@TempDir Path dir) {
        List<Structure> all = BuiltInData.water8Pbe();
        KernelForceField ff = train(all.subList(0, 48));
        KernelForceField.Posterior post = ff.posterior();
        assertThat(post).isNotNull();
        assertThat(post.offsetColumns()).isTrue();
        assertThat(post.weights().effectiveParameters()).isPositive().isLessThanOrEqualTo(post.weights().columns());
        long in1 = 0, in2 = 0, count = 0, eIn2 = 0;
        double modelShare = 0;
        for (Structure s : all.subList(48, 60)) {
            KernelForceField.Uncertainty u = ff.uncertainty(s);
            org.zstar.md.ForceResult r = ff.compute(s);
            double[] f = s.atomArrayView(Structure.FORCES);
            for (int k = 0; k < f.length; k++) {
                double err = Math.abs(r.forces()[k] - f[k]);
                assertThat(u.forces()[k]).isGreaterThan(u.forcesModel()[k]);
                in1 += err <= u.forces()[k] ? 1 : 0;
                in2 += err <= 2 * u.forces()[k] ? 1 : 0;
                modelShare += u.forcesModel()[k] * u.forcesModel()[k] / (u.forces()[k] * u.forces()[k]);
                count++;
            }
            eIn2 += Math.abs(r.energy() - s.energy()) <= 2 * u.energy() ? 1 : 0;
        }
        double c1 = (double) in1 / count, c2 = (double) in2 / count;
        System.out.printf("force field posterior: s = %.4f (weighted), gamma %.1f of %d; held-out forces: coverage "
                + "1 sigma %.3f, 2 sigma %.3f (%d components), model share of the variance %.3f; energies within 2 "
                + "sigma %d of 12%n", Math.sqrt(post.weights().noiseVariance()), post.weights().effectiveParameters(),
                post.weights().columns(), c1, c2, count, modelShare / count, eIn2);
        // one noise level from the training residuals (U2): these far-from-equilibrium packings are harder than
        // the training frames, so the bars are somewhat narrow; a wrong unit (eV vs weighted) would be off by x10
        assertThat(c2).isBetween(0.80, 0.99);
        assertThat(c1).isBetween(0.50, 0.85);
        // the summary of train-ff --test-frames counts the same
        Map<String, Object> summary = ForceFieldMetrics.uncertainty(ff, all.subList(48, 60));
        assertThat((double) summary.get("force_coverage_2sigma")).isEqualTo(c2);
        assertThat((double) summary.get("energy_within_2sigma")).isEqualTo(eIn2 / 12.0);

        Path file = dir.resolve("ff.json.gz");
        ForceFieldFiles.save(ff, file);
        KernelForceField back = ForceFieldFiles.load(file);
        KernelForceField.Uncertainty a = ff.uncertainty(all.get(50));
        KernelForceField.Uncertainty b = back.uncertainty(all.get(50));
        assertThat(b.energy()).isCloseTo(a.energy(), within(1e-5 * a.energy()));
        for (int k = 0; k < a.forces().length; k++) {
            assertThat(b.forces()[k]).isCloseTo(a.forces()[k], within(1e-4 * a.forces()[k]));
        }
        // a file without the posterior (written before it existed) loads, with no uncertainty
        Path plain = dir.resolve("plain.json.gz");
        ForceFieldFiles.save(ff.withPosterior(null), plain);
        KernelForceField old = ForceFieldFiles.load(plain);
        assertThat(old.posterior()).isNull();
        assertThat(old.compute(all.get(50)).energy()).isEqualTo(ff.compute(all.get(50)).energy());
        assertThatThrownBy(() -> old.uncertainty(all.get(50))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("no uncertainty");
    }
}
