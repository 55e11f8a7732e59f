package org.zstar.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.forcefield.ForceFieldTrainer;
import org.zstar.forcefield.ForceFieldTrainingOptions;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.BuiltInData;
import org.zstar.io.InputFormatException;
import org.zstar.md.ForceResult;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.models.BecTrainer;
import org.zstar.models.FixedChargeModel;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.models.UnitDescriptor;
import org.zstar.registry.ModelRegistry.Capability;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/** Every model registry entry's capabilities match what a model of its type does, trained on built-in water. */
class ModelRegistryTest {
    static final DescriptorParameters P = new DescriptorParameters(List.of("H", "O"), 3.0, 2.6, 0.5, 4, 3, 2, 0.3,
            0.01);

    @TempDir
    Path dir;

    static List<Structure> water(int frames) {
        return BuiltInData.water8Pbe().subList(0, frames);
    }

    /** A small model of a kernel BEC form, with its weight posterior. */
    static KernelBecModel train(ModelKind kind) {
        TrainingOptions o = TrainingOptions.builder(kind).chargeRefs(6).dipoleRefs(4).dipoleModulators(2)
                .modulatedFeatures(0).threads(1).build();
        BecTrainer.PreparedData data = BecTrainer.prepare(water(3), o.projectAsr());
        BecTrainer.Assembled a = BecTrainer.assemble(data, new UnitDescriptor(new ScalarDescriptor(P)),
                new VectorDescriptor(P), o, null);
        return a.solve(o.lambdaW(), o.lambdaQ(), true).model();
    }

    /** The model types besides the kernel BEC forms that have a capability test of their own below. */
    static final Set<String> TESTED_OTHER_TYPES = Set.of("fixed-charges", "force-field");

    @Test
    void everyRegisteredTypeHasACapabilityTest() {
        // the kernel BEC forms are tested in a loop over ModelKind; a new entry of another kind needs its own test
        Set<String> untested = new HashSet<>();
        for (ModelRegistry.Entry e : ModelRegistry.all()) {
            if (e.becKind() == null && !TESTED_OTHER_TYPES.contains(e.name())) {
                untested.add(e.name());
            }
        }
        assertThat(untested).as("model types without a capability test in ModelRegistryTest").isEmpty();
        assertThat(ModelRegistry.all().stream().filter(e -> e.becKind() == null).map(ModelRegistry.Entry::name))
                .containsExactlyInAnyOrderElementsOf(TESTED_OTHER_TYPES);
    }

    @Test
    void namesAreUniqueAndTheKernelFormsFollowModelKind() {
        Set<String> names = new HashSet<>();
        for (ModelRegistry.Entry e : ModelRegistry.all()) {
            assertThat(names.add(e.name())).isTrue();
            e.aliases().forEach(a -> assertThat(names.add(a)).as("alias " + a).isTrue());
            assertThat(ModelRegistry.byName(e.name())).isSameAs(e);
            assertThat(e.has(Capability.FILE)).isEqualTo(e.fileFormat() != null).isEqualTo(e.reader() != null);
            assertThat(e.terms()).isNotEmpty();
        }
        for (ModelKind k : ModelKind.values()) {
            ModelRegistry.Entry e = ModelRegistry.byName(k.label());
            assertThat(e.becKind()).isEqualTo(k);
            k.aliases().forEach(a -> assertThat(ModelRegistry.byName(a)).isSameAs(e));
            assertThat(ModelKind.parse(k.label().toUpperCase())).isEqualTo(k);
        }
        assertThat(ModelRegistry.becKindHelp()).isEqualTo(
                "monopole (charges q), dipole (dipoles p with fixed charges) or combined (q+p)");
        assertThat(ModelKind.names()).isEqualTo("monopole, dipole or combined");
        assertThatThrownBy(() -> ModelRegistry.byName("quadrupole")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("combined").hasMessageContaining("force-field");
        assertThatThrownBy(() -> ModelKind.parse("quadrupole")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("monopole, dipole or combined");
    }

    @Test
    void kernelBecFormsDoWhatTheirCapabilitiesSay() throws Exception {
        Structure s = water(4).get(3);
        for (ModelKind k : ModelKind.values()) {
            ModelRegistry.Entry e = ModelRegistry.byName(k.label());
            KernelBecModel m = train(k);
            assertThat(ModelRegistry.of(m)).isSameAs(e);
            assertThat(e.implementation()).isEqualTo(m.getClass());
            assertThat(m).isInstanceOf(BecModel.class);
            assertThat(e.has(Capability.BEC)).isTrue();
            assertThat(e.has(Capability.ENERGY_AND_FORCES)).isFalse();
            assertThat(m.predictsByContraction()).as(k + " contraction").isEqualTo(
                    e.has(Capability.REVERSE_MODE_CONTRACTION));
            assertThat(m.posterior() != null).as(k + " posterior").isEqualTo(e.has(Capability.POSTERIOR));
            BecPrediction p = m.predict(s);
            assertThat(p.charges() != null).as(k + " charges").isEqualTo(e.has(Capability.CHARGES));
            assertThat(p.dipoles() != null).as(k + " dipoles").isEqualTo(e.has(Capability.DIPOLES));
            assertThat(chargesVaryWithinASpecies(s, p.charges())).as(k + " environment charges")
                    .isEqualTo(e.has(Capability.ENVIRONMENT_CHARGES));
            // its file: the format tag, the registry's reader, and the other readers refuse it by name
            Path f = dir.resolve(k.label() + ".zstar");
            ModelFiles.save(m, f);
            assertThat(ModelRegistry.ofFile(f).fileFormat()).isEqualTo(e.fileFormat());
            Object back = ModelRegistry.read(f);
            assertThat(back).isInstanceOf(e.implementation());
            assertThat(ModelRegistry.of(back)).isSameAs(e);
            assertThat(ModelRegistry.readBecModel(f).weights()).containsExactly(m.weights());
            assertThatThrownBy(() -> ModelRegistry.readForceField(f)).isInstanceOf(InputFormatException.class)
                    .hasMessageContaining("this is a BEC model file").hasMessageContaining("force field");
        }
    }

    private static boolean chargesVaryWithinASpecies(Structure s, double[] q) {
        for (int i = 0; i < s.size(); i++) {
            for (int j = i + 1; j < s.size(); j++) {
                if (s.symbol(i).equals(s.symbol(j)) && Math.abs(q[i] - q[j]) > 1e-9) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void theFixedChargeBaselineDoesWhatItsCapabilitiesSay() {
        ModelRegistry.Entry e = ModelRegistry.byName("fixed-charges");
        FixedChargeModel m = FixedChargeModel.parse("O=-0.8,H=0.4");
        assertThat(ModelRegistry.of(m)).isSameAs(e);
        Structure s = water(1).get(0);
        BecPrediction p = m.predict(s);
        assertThat(p.charges() != null).isEqualTo(e.has(Capability.CHARGES)).isTrue();
        assertThat(p.dipoles() != null).isEqualTo(e.has(Capability.DIPOLES)).isFalse();
        assertThat(chargesVaryWithinASpecies(s, p.charges())).isEqualTo(e.has(Capability.ENVIRONMENT_CHARGES))
                .isFalse();
        assertThat(e.has(Capability.FILE) || e.has(Capability.TRAINABLE) || e.has(Capability.POSTERIOR)).isFalse();
    }

    @Test
    void theForceFieldDoesWhatItsCapabilitiesSay() throws Exception {
        ModelRegistry.Entry e = ModelRegistry.byName("ff");
        List<Structure> frames = BuiltInData.water8PbeMd().subList(0, 3);
        KernelForceField ff = ForceFieldTrainer.train(frames, new ScalarDescriptor(P),
                ForceFieldTrainingOptions.builder().references(8).threads(1).build());
        assertThat(ModelRegistry.of(ff)).isSameAs(e);
        assertThat(e.has(Capability.BEC)).isFalse();
        ForceResult r = ff.compute(frames.get(0));
        assertThat(e.has(Capability.ENERGY_AND_FORCES)).isTrue();
        assertThat(r.forces()).hasSize(3 * frames.get(0).size());
        assertThat(Double.isFinite(r.energy())).isTrue();
        Path f = dir.resolve("w.ff");
        ForceFieldFiles.save(ff, f);
        assertThat(ModelRegistry.ofFile(f)).isSameAs(e);
        assertThat(ModelRegistry.read(f)).isInstanceOf(KernelForceField.class);
        assertThat(ModelRegistry.readForceField(f).species()).isEqualTo(ff.species());
        assertThatThrownBy(() -> ModelRegistry.readBecModel(f)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("force-field").hasMessageContaining("BEC model (zstar train) is needed");
    }

    @Test
    void aFileOfNoRegisteredTypeIsNamedAsSuch() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"format\": \"something-else\", \"version\": 1}");
        assertThat(ModelRegistry.ofFile(f)).isNull();
        assertThatThrownBy(() -> ModelRegistry.read(f)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("not a zstar model file");
        // the specific readers keep their own message (format expected and found)
        assertThatThrownBy(() -> ModelRegistry.readBecModel(f)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("something-else");
        Path text = dir.resolve("x.txt");
        Files.writeString(text, "not json at all");
        assertThat(ModelRegistry.ofFile(text)).isNull();
    }
}
