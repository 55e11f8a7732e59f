package org.zstar.forcefield;

import org.zstar.testutil.ToyDescriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.models.SpeciesCounts;
import org.zstar.models.TrainingOptions;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.InputFormatException;
import org.zstar.md.ForceResult;
import org.zstar.structure.Structure;

class ForceFieldTrainerTest {

    /** Frames labelled by a teacher force field (energies, forces and stresses). */
    private static List<Structure> labelled(KernelForceField teacher, Random rnd, int frames) {
        List<Structure> out = new ArrayList<>();
        for (int k = 0; k < frames; k++) {
            Structure s = ForceFieldFixtures.random(rnd, 9 + rnd.nextInt(6), true);
            ForceResult r = teacher.compute(s);
            out.add(s.toBuilder().energy(r.energy()).forces(r.forces()).stress(r.stress()).build());
        }
        return out;
    }

    /**
     * The teacher's references are atoms of the training frames; the student selects every training atom as a
     * reference, so the teacher lies in its span and training must recover the teacher's predictions.
     */
    @Test
    void teacherIsRecovered() {
        Random rnd = new Random(11);
        List<Structure> seedFrames = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            seedFrames.add(ForceFieldFixtures.random(rnd, 10, true));
        }
        KernelForceField teacher = ForceFieldFixtures.randomForceField(rnd, seedFrames, 2, 5);
        List<Structure> train = new ArrayList<>();
        for (Structure s : seedFrames) {
            ForceResult r = teacher.compute(s);
            train.add(s.toBuilder().energy(r.energy()).forces(r.forces()).stress(r.stress()).build());
        }
        train.addAll(labelled(teacher, rnd, 5));
        ForceFieldTrainingOptions opt = ForceFieldTrainingOptions.builder().zeta(2).references(1000)
                .selection(TrainingOptions.Selection.FPS).lambda(1e-12).threads(2).build();
        KernelForceField student = ForceFieldTrainer.train(train, ForceFieldFixtures.descriptor(), opt);
        List<Structure> test = labelled(teacher, new Random(12), 4);
        ForceFieldMetrics m = ForceFieldMetrics.evaluate(student, test);
        assertThat(m.forceReferenceRms()).isGreaterThan(100); // meV/A: the test is not trivial
        assertThat(m.energyRmseMeVPerAtom()).isLessThan(1e-3);
        assertThat(m.forceRmseMeVPerA()).isLessThan(1e-3 * m.forceReferenceRms());
        assertThat(m.stressFrames()).isEqualTo(4);
        // a model that ignores the data is far off (the metric can fail)
        KernelForceField zero = new KernelForceField(student.descriptor(), student.species(), 2,
                new double[][] {student.references(0), student.references(1)},
                new double[][] {new double[student.weights(0).length], new double[student.weights(1).length]},
                student.offsets(), Map.of());
        assertThat(ForceFieldMetrics.evaluate(zero, test).forceRmseMeVPerA()).isGreaterThan(100);
    }

    @TempDir
    Path bytesDir;

    /** With few references the fit is approximate but far better than nothing, and independent of threads. */
    @Test
    void sparseFitIsDeterministicAcrossThreadCounts() throws Exception {
        Random rnd = new Random(21);
        List<Structure> seedFrames = List.of(ForceFieldFixtures.random(rnd, 12, true));
        KernelForceField teacher = ForceFieldFixtures.randomForceField(rnd, seedFrames, 3, 4);
        List<Structure> train = labelled(teacher, rnd, 10);
        ForceFieldTrainingOptions opt = ForceFieldTrainingOptions.builder().zeta(3)
                .references(SpeciesCounts.of(300, Map.of("H", 15, "O", 10))).selection(TrainingOptions.Selection.CUR)
                .lambda(1e-9).stressWeight(0.0).threads(1).build();
        KernelForceField a = ForceFieldTrainer.train(train, ForceFieldFixtures.descriptor(), opt);
        KernelForceField b = ForceFieldTrainer.train(train, ForceFieldFixtures.descriptor(), opt.withThreads(3));
        assertThat(a.weights(0)).containsExactly(b.weights(0));
        assertThat(a.weights(1)).containsExactly(b.weights(1));
        // the whole file, byte for byte (no thread count or timing inside)
        ForceFieldFiles.save(a, bytesDir.resolve("a.ff"));
        ForceFieldFiles.save(b, bytesDir.resolve("b.ff"));
        assertThat(Files.readAllBytes(bytesDir.resolve("b.ff"))).isEqualTo(Files.readAllBytes(bytesDir.resolve("a.ff")));
        assertThat(a.weights(0)).hasSize(15);
        assertThat(a.weights(1)).hasSize(10);
        ForceFieldMetrics m = ForceFieldMetrics.evaluate(a, labelled(teacher, new Random(22), 3));
        assertThat(m.forceRmseMeVPerA()).isLessThan(0.5 * m.forceReferenceRms());
    }

    @Test
    void framesWithoutLabelsAreRejected() {
        Structure s = ForceFieldFixtures.random(new Random(1), 9, true);
        assertThatThrownBy(() -> ForceFieldTrainer.train(List.of(s), ForceFieldFixtures.descriptor(),
                ForceFieldTrainingOptions.defaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither energies nor forces");
    }

    @Test
    void compositionRegressionSplitsEnergies() {
        // E = 2 n_H - 5 n_O exactly: the regression recovers the per-species energies
        List<Structure> frames = new ArrayList<>();
        Random rnd = new Random(3);
        int[][] idx = new int[6][];
        for (int k = 0; k < 6; k++) {
            Structure s = ForceFieldFixtures.random(rnd, 8 + k, false);
            int[] ix = KernelForceField.speciesIndex(s, ForceFieldFixtures.SPECIES);
            double e = 0;
            for (int v : ix) {
                e += v == 0 ? 2 : -5;
            }
            frames.add(s.toBuilder().energy(e).build());
            idx[k] = ix;
        }
        double[] off = ForceFieldTrainer.referenceEnergies(frames, idx, 2);
        assertThat(off[0]).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(off[1]).isCloseTo(-5, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void filesRoundTripAndDetectCorruption(@TempDir Path dir) throws Exception {
        Random rnd = new Random(5);
        KernelForceField ff = ForceFieldFixtures.randomForceField(rnd,
                List.of(ForceFieldFixtures.random(rnd, 10, true)), 3, 4);
        Path p = dir.resolve("ff.json.gz");
        ForceFieldFiles.save(ff, p);
        KernelForceField back = ForceFieldFiles.load(p, ToyDescriptor::fromMap);
        Structure s = ForceFieldFixtures.random(rnd, 11, true);
        ForceResult a = ff.compute(s);
        ForceResult b = back.compute(s);
        assertThat(b.energy()).isEqualTo(a.energy());
        assertThat(b.forces()).containsExactly(a.forces());
        // tamper with a weight inside the JSON: the checksum catches it
        String json = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(p)).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String w = Double.toString(ff.weights(0)[0]);
        assertThat(json).contains(w);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, json.replaceFirst(java.util.regex.Pattern.quote(w), "0.125"));
        assertThatThrownBy(() -> ForceFieldFiles.load(bad, ToyDescriptor::fromMap))
                .isInstanceOf(InputFormatException.class).hasMessageContaining("checksum");
        Path trunc = dir.resolve("trunc.gz");
        byte[] all = Files.readAllBytes(p);
        Files.write(trunc, java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> ForceFieldFiles.load(trunc, ToyDescriptor::fromMap))
                .isInstanceOf(InputFormatException.class);
    }
}
