package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.ExtXyzWriter;
import org.zstar.md.ForceResult;
import org.zstar.phonons.SpringCrystal;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * {@code zstar phonons} and {@code zstar md --field} end to end: a small force field is trained on frames of a
 * spring model of a 2-atom crystal, then the command writes its files; user mistakes exit with 2.
 */
class PhononsCommandTest {
    @TempDir
    static Path dir;
    static Path ff;
    static Path frames;

    @BeforeAll
    static void trainForceField() throws IOException {
        double a = 3.0;
        double[] k = {2.0, 0, 0, 0, 2.0, 0, 0, 0, 2.0};
        SpringCrystal springs = new SpringCrystal().bond(0, 1, new int[] {0, 0, 0}, k, new double[] {a / 2, 0, 0})
                .bond(0, 1, new int[] {-1, 0, 0}, k, new double[] {-a / 2, 0, 0});
        Random rnd = new Random(5);
        List<Structure> list = new ArrayList<>();
        for (int f = 0; f < 12; f++) {
            double[] p = {0, 0, 0, a / 2, 0, 0};
            for (int i = 0; i < 6; i++) {
                p[i] += 0.08 * rnd.nextGaussian();
            }
            Structure s = Structure.builder().symbols("Na", "Cl").positions(p).cell(Cell.orthorhombic(a, 4, 4)).build();
            ForceResult r = springs.compute(s);
            list.add(s.toBuilder().energy(r.energy()).forces(r.forces()).build());
        }
        frames = dir.resolve("frames.xyz");
        ExtXyzWriter.write(frames, list);
        ff = dir.resolve("toy.ff");
        StringWriter err = new StringWriter();
        int code = IrCommandTest.run(err, "train-ff", "--data", frames.toString(), "--refs", "6", "--threads", "1",
                "--out", ff.toString());
        assertThat(code).as(err.toString()).isZero();
    }

    @Test
    void writesModesSpectrumAndJson() throws IOException {
        Path out = dir.resolve("ph");
        StringWriter err = new StringWriter();
        int code = IrCommandTest.run(err, "phonons", "--ff", ff.toString(), "--structure", frames.toString(),
                "--charges", "Na=1,Cl=-1", "--epsilon", "2", "--direction", "1,0,0", "--threads", "1",
                "--out", out.toString());
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("modes.csv"));
        assertThat(lines.get(0)).startsWith("mode,frequency_cm-1,ir_intensity,").endsWith(",frequency_lo_cm-1");
        assertThat(lines).hasSize(1 + 6);
        for (String f : List.of("spectrum.csv", "spectrum.png", "spectrum.svg", "relaxed.xyz")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("phonons.json").toFile());
        assertThat(json.get("modes")).hasSize(6);
        assertThat(json.get("relaxation").get("converged").asBoolean()).isTrue();
        int acoustic = 0;
        double total = 0;
        for (JsonNode m : json.get("modes")) {
            if (m.get("acoustic").asBoolean()) {
                acoustic++;
                assertThat(Math.abs(m.get("frequency_cm-1").asDouble())).isLessThan(1e-3);
            }
            total += m.get("ir_intensity").asDouble();
        }
        assertThat(acoustic).isEqualTo(3);
        // fixed charges +-1: sum of intensities = 3 (1/M_Na + 1/M_Cl) (completeness, docs/THEORY.md (PH5))
        assertThat(total).isCloseTo(3 * (1 / 22.98976928 + 1 / 35.453), org.assertj.core.data.Offset.offset(2e-3));
    }

    @Test
    void userMistakesExitWithTwo() {
        String[][] cases = {
            {"--supercell", "2x2"},
            {"--epsilon", "1,2"},
            {"--charges", "Na=1,Cl=-1", "--direction", "0,0,0", "--epsilon", "2"},
            {"--fwhm", "-1", "--charges", "Na=1,Cl=-1"},
            {}, // no BECs: frames.xyz has none
        };
        for (String[] extra : cases) {
            List<String> args = new ArrayList<>(List.of("phonons", "--ff", ff.toString(), "--structure",
                    frames.toString(), "--threads", "1", "--out", dir.resolve("bad").toString()));
            args.addAll(List.of(extra));
            StringWriter err = new StringWriter();
            assertThat(IrCommandTest.run(err, args.toArray(new String[0]))).as(String.join(" ", extra)).isEqualTo(2);
        }
    }

    @Test
    void mdFieldNeedsABecModelAndAValidShape() {
        String[][] cases = {
            {"--field", "0.1,0,0"},
            {"--field", "0.1,0"},
            {"--field", "0.1,0,0", "--field-shape", "square"},
        };
        for (String[] extra : cases) {
            List<String> args = new ArrayList<>(List.of("md", "--ff", ff.toString(), "--structure", frames.toString(),
                    "--temperature", "10", "--dt", "1", "--steps", "2", "--threads", "1",
                    "--out", dir.resolve("md-bad").toString()));
            args.addAll(List.of(extra));
            StringWriter err = new StringWriter();
            assertThat(IrCommandTest.run(err, args.toArray(new String[0]))).as(String.join(" ", extra)).isEqualTo(2);
        }
    }

    @Test
    void hysteresisRejectsAPeriodThatIsNotAMultipleOfTheStep() {
        String[][] cases = {
            {"--period", "2.5", "--dt", "1", "--cycles", "1"},
            {"--period", "100", "--dt", "1", "--cycles", "0"},
            {"--period", "100", "--dt", "1", "--cycles", "1", "--direction", "0,0"},
        };
        for (String[] extra : cases) {
            List<String> args = new ArrayList<>(List.of("hysteresis", "--ff", ff.toString(), "--bec-model",
                    dir.resolve("none.zstar").toString(), "--structure", frames.toString(), "--amplitude", "0.1",
                    "--temperature", "0", "--out", dir.resolve("hy").toString()));
            args.addAll(List.of(extra));
            StringWriter err = new StringWriter();
            assertThat(IrCommandTest.run(err, args.toArray(new String[0]))).as(String.join(" ", extra)).isEqualTo(2);
        }
    }
}
