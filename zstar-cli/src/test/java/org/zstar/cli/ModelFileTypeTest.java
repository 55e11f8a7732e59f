package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.io.VersionedJsonFiles;
import org.zstar.models.ModelFiles;
import org.zstar.registry.ModelRegistry;

/** Commands read model files through the model registry: a file of the other type exits 2 naming what it is. */
class ModelFileTypeTest {
    @TempDir
    Path dir;

    @Test
    void aForceFieldGivenAsBecModelIsNamed() {
        Path ff = dir.resolve("water.ff");
        VersionedJsonFiles.save(VersionedJsonFiles.newDocument(ForceFieldFiles.FORMAT, ForceFieldFiles.VERSION), ff);
        InspectCommandTest.Result r = InspectCommandTest.run("eval", "--model", ff.toString(), "--data",
                InspectCommandTest.fixture("small.extxyz"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("water.ff").contains("force-field").contains("BEC model (zstar train)");
    }

    @Test
    void aBecModelGivenAsForceFieldIsNamed() {
        Path m = dir.resolve("water.zstar");
        VersionedJsonFiles.save(VersionedJsonFiles.newDocument(ModelFiles.FORMAT, ModelFiles.VERSION), m);
        InspectCommandTest.Result r = InspectCommandTest.run("eval-ff", "--ff", m.toString(), "--data",
                InspectCommandTest.fixture("small.extxyz"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("this is a BEC model file").contains("force field (zstar train-ff)");
    }

    @Test
    void theHelpListsTheRegisteredBecForms() {
        InspectCommandTest.Result r = InspectCommandTest.run("train", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("Model form: " + ModelRegistry.becKindHelp()
                .replaceAll("\\s+", " ")).contains("--model=monopole|dipole|combined");
    }
}
