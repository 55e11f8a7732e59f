package org.zstar.models;

import org.zstar.testutil.ToyDescriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.InputFormatException;
import org.zstar.structure.Structure;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void roundTripPredictsIdentically() {
        Structure s = KernelBecModelPropertiesTest.periodic(3);
        for (ModelKind kind : ModelKind.values()) {
            KernelBecModel model = KernelBecModelPropertiesTest.randomModel(kind, BecModelSpec.DipoleKernel.POLYNOMIAL,
                    ChargeForm.AUTO, s, 5);
            Path file = dir.resolve(kind + ".zstar");
            ModelFiles.save(model, file);
            KernelBecModel back = ModelFiles.load(file, ToyDescriptor::fromMap);
            assertThat(back.spec()).isEqualTo(model.spec());
            assertThat(back.predict(s).bec()).containsExactly(model.predict(s).bec());
            assertThat(back.weights()).containsExactly(model.weights());
        }
    }

    @Test
    void modulatedFeatureDipolesRoundTrip() {
        Structure s = KernelBecModelPropertiesTest.periodic(4);
        for (ModelKind kind : new ModelKind[] {ModelKind.DIPOLE, ModelKind.COMBINED}) {
            KernelBecModel model = KernelBecModelPropertiesTest.randomModel(kind, BecModelSpec.DipoleKernel.FEATURES,
                    ChargeForm.AUTO, s, 6, true);
            Path file = dir.resolve("mod-" + kind + ".zstar");
            ModelFiles.save(model, file);
            KernelBecModel back = ModelFiles.load(file, ToyDescriptor::fromMap);
            assertThat(back.references().hasModulators()).isTrue();
            assertThat(back.references().modulatorRefs(1)).isEqualTo(model.references().modulatorRefs(1));
            assertThat(back.references().hasModulatedSubset()).isTrue();
            assertThat(back.references().modulatedWidth(0)).isEqualTo(model.references().modulatedWidth(0));
            assertThat(back.references().dipoleColumns(0)).isEqualTo(model.references().dipoleColumns(0));
            assertThat(back.predict(s).bec()).containsExactly(model.predict(s).bec());
        }
    }

    @Test
    void versionOneFilesStillLoad() throws IOException {
        // a version-1 file: no "modulators" entries (written by zstar before dipole modulators existed)
        Structure s = KernelBecModelPropertiesTest.periodic(3);
        KernelBecModel model = KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.AUTO, s, 5);
        com.fasterxml.jackson.databind.node.ObjectNode root = ModelFiles.toJson(model);
        root.put("version", 1);
        root.get("references").get("per_species")
                .forEach(e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("modulators"));
        Path file = dir.resolve("v1.zstar");
        org.zstar.io.VersionedJsonFiles.save(root, file);
        KernelBecModel back = ModelFiles.load(file, ToyDescriptor::fromMap);
        assertThat(back.references().hasModulators()).isFalse();
        assertThat(back.predict(s).bec()).containsExactly(model.predict(s).bec());
    }

    @Test
    void tamperedTruncatedAndForeignFilesFailWithTheFileName() throws IOException {
        Structure s = KernelBecModelPropertiesTest.molecule(3);
        KernelBecModel model = KernelBecModelPropertiesTest.randomModel(ModelKind.MONOPOLE,
                BecModelSpec.DipoleKernel.LINEAR, ChargeForm.AUTO, s, 5);
        Path file = dir.resolve("m.zstar");
        ModelFiles.save(model, file);
        String json;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // change one weight digit: checksum must catch it
        int at = json.indexOf("\"weights\"");
        int digit = at;
        while (!Character.isDigit(json.charAt(digit))) {
            digit++;
        }
        char c = json.charAt(digit);
        String tampered = json.substring(0, digit) + (c == '9' ? '8' : (char) (c + 1)) + json.substring(digit + 1);
        Path bad = dir.resolve("tampered.zstar");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(bad))) {
            out.write(tampered.getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> ModelFiles.load(bad, ToyDescriptor::fromMap))
                .isInstanceOf(InputFormatException.class).hasMessageContaining("tampered.zstar")
                .hasMessageContaining("checksum");
        Path truncated = dir.resolve("truncated.zstar");
        Files.writeString(truncated, json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> ModelFiles.load(truncated, ToyDescriptor::fromMap))
                .isInstanceOf(InputFormatException.class).hasMessageContaining("truncated.zstar");
        Path newer = dir.resolve("newer.zstar");
        Files.writeString(newer, json.replace("\"version\" : " + ModelFiles.VERSION, "\"version\" : 99"));
        assertThatThrownBy(() -> ModelFiles.load(newer, ToyDescriptor::fromMap))
                .isInstanceOf(InputFormatException.class).hasMessageContaining("version 99")
                .hasMessageContaining("newer zstar");
        Path older = dir.resolve("older.zstar");
        com.fasterxml.jackson.databind.node.ObjectNode old = ModelFiles.toJson(model);
        old.put("version", 0);
        org.zstar.io.VersionedJsonFiles.save(old, older);
        assertThatThrownBy(() -> ModelFiles.load(older, ToyDescriptor::fromMap))
                .isInstanceOf(InputFormatException.class).hasMessageContaining("version 0")
                .hasMessageContaining("retrain");
        // a force-field file given as a BEC model names what it is
        Path ff = dir.resolve("ff.json");
        org.zstar.io.VersionedJsonFiles.save(org.zstar.io.VersionedJsonFiles.newDocument("zstar-force-field", 1), ff);
        assertThatThrownBy(() -> ModelFiles.load(ff, ToyDescriptor::fromMap))
                .isInstanceOf(InputFormatException.class).hasMessageContaining("'zstar-force-field'");
        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, "{\"hello\": 1}");
        assertThatThrownBy(() -> ModelFiles.load(foreign, ToyDescriptor::fromMap))
                .isInstanceOf(InputFormatException.class).hasMessageContaining("not a zstar model");
    }
}
