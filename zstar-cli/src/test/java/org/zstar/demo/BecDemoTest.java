package org.zstar.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.cli.Main;
import org.zstar.io.ExtXyzWriter;
import org.zstar.models.ModelKind;
import org.zstar.structure.Structure;

/** The demo's training part on a subset of the built-in data (fast: small reference sets). */
class BecDemoTest {
    @TempDir
    Path tmp;

    static List<Structure> subset(int n) {
        List<Structure> all = BecDemo.builtInData();
        assertThat(all.size()).isGreaterThanOrEqualTo(n);
        return new ArrayList<>(all.subList(0, n));
    }

    @Test
    void builtInDataAreEightWaterMoleculesWithBecsForcesEnergyAndDielectric() {
        List<Structure> all = BecDemo.builtInData();
        assertThat(all.size()).isGreaterThanOrEqualTo(5);
        for (Structure s : all) {
            assertThat(s.size()).isEqualTo(24);
            assertThat(s.speciesCounts()).containsEntry("O", 8).containsEntry("H", 16);
            assertThat(s.cell().lattice()).containsExactly(new double[] {6.2, 0, 0, 0, 6.2, 0, 0, 0, 6.2}, within(1e-6));
            assertThat(s.hasBec()).isTrue();
            assertThat(s.forces()).hasSize(72);
            assertThat(s.energy()).isNotNull();
            assertThat(s.dielectric()).hasSize(9);
            // oxygen charges negative, hydrogen positive (mean of the diagonal)
            double[] z = s.bec();
            for (int i = 0; i < 24; i++) {
                double tr = (z[9 * i] + z[9 * i + 4] + z[9 * i + 8]) / 3;
                if (s.symbol(i).equals("O")) {
                    assertThat(tr).as("tr Z/3 of O %d", i).isLessThan(-0.3);
                } else {
                    assertThat(tr).as("tr Z/3 of H %d", i).isGreaterThan(0.1);
                }
            }
            // the dielectric constant of the 8-molecule boxes (electronic, PBE) is about 1.9
            assertThat((s.dielectric()[0] + s.dielectric()[4] + s.dielectric()[8]) / 3).isBetween(1.6, 2.2);
        }
    }

    @Test
    void threeModelsTrainAndPredictTheHeldOutFrames() {
        List<Structure> frames = subset(5);
        BecDemo.Options o = BecDemo.Options.defaults().withRefs(12, 12).withThreads(2);
        List<String> log = new ArrayList<>();
        BecDemo.Result r = BecDemo.run(frames, "subset", o, log::add);
        assertThat(r.train()).hasSize(4);
        assertThat(r.test()).hasSize(1);
        assertThat(r.models()).extracting(BecDemo.ModelResult::kind)
                .containsExactly(ModelKind.MONOPOLE, ModelKind.DIPOLE, ModelKind.COMBINED);
        for (BecDemo.ModelResult m : r.models()) {
            // far better than no model (nRMSE 1 is the spread of the reference components)
            assertThat(m.test().nrmse).as(m.kind().label()).isLessThan(0.5);
            assertThat(m.test().asrMax).as(m.kind().label()).isLessThan(1e-8);
            assertThat(m.predictedTest()).hasSize(1);
            assertThat(m.predictedTest().get(0)).hasSize(9 * 24);
        }
        assertThat(log).hasSize(4);
        String table = BecDemo.table(r);
        assertThat(table.lines().filter(l -> l.startsWith("| monopole") || l.startsWith("| dipole")
                || l.startsWith("| combined"))).hasSize(3);
        Path report = BecDemo.writeReport(r, tmp.resolve("report"), "test", 1);
        assertThat(report).content().contains("## Test errors", "parity.png", "| combined |");
        assertThat(tmp.resolve("report/parity.svg")).content().contains("<svg");
    }

    @Test
    void demoCommandRunsOnTheUsersFiles() throws Exception {
        Path data = tmp.resolve("w.xyz");
        ExtXyzWriter.write(data, subset(4));
        Path out = tmp.resolve("demo");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
            code = Main.execute("demo", "--data", data.toString(), "--out", out.toString(), "--charge-refs", "8",
                    "--dipole-refs", "8", "--threads", "2", "--test-fraction", "0.25");
        } finally {
            System.setOut(old);
        }
        String text = sink.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("| monopole |", "| dipole |", "| combined |", "report.md");
        assertThat(out.resolve("report.md")).exists();
        byte[] png = Files.readAllBytes(out.resolve("parity.png"));
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(Main.execute("demo", "--data", tmp.resolve("missing.xyz").toString(), "--out", out.toString()))
                .isEqualTo(Main.EXIT_USAGE);
    }
}
