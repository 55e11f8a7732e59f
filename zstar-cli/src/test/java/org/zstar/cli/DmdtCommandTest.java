package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.FrameReader;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.spectra.DipoleDerivativeCsv;
import org.zstar.spectra.DipoleDerivativeSeries;
import org.zstar.structure.Structure;

class DmdtCommandTest {
    static final String CHARGES = "Na=1,Cl=-1";

    static double[] direct(Path dump, boolean fileVelocities) {
        DipoleDerivativeSeries s = DipoleDerivativeSeries.charges(Map.of("Na", 1.0, "Cl", -1.0), 0.5, fileVelocities);
        try (FrameReader r = Readers.open(dump, ReadOptions.builder().lammpsTypes(Map.of(1, "Na", 2, "Cl")).build())) {
            for (Structure f : r) {
                s.accept(f);
            }
        }
        return s.finish();
    }

    @Test
    void dmdtFileEqualsTheDirectSeriesAndFeedsIr(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        IrCommandTest.writeDump(dump, 3, 600, 0.5, false);
        Path csv = dir.resolve("t-dmdt.csv");
        StringWriter err = new StringWriter();
        int code = IrCommandTest.run(err, "dmdt", "--charges", CHARGES, "--type-map", "1=Na,2=Cl", "--traj",
                dump.toString(), "--dt", "0.5", "--block-frames", "64", "--out", csv.toString());
        assertThat(code).as(err.toString()).isZero();
        DipoleDerivativeCsv.Series read = DipoleDerivativeCsv.read(csv);
        double[] expected = direct(dump, false);
        assertThat(read.rows()).isEqualTo(600);
        assertThat(read.dt()).isEqualTo(0.5);
        assertThat(read.volume()).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1e-9));
        double scale = 0;
        for (double x : expected) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < expected.length; i++) {
            // the CSV keeps 10 significant digits
            assertThat(Math.abs(read.series()[i] - expected[i])).isLessThan(1e-9 * scale);
        }
        // the spectrum from the dM/dt file equals the one from the trajectory
        String fromTraj = dir.resolve("a").toString();
        String fromDmdt = dir.resolve("b").toString();
        assertThat(IrCommandTest.run(err, "ir", "--charges", CHARGES, "--type-map", "1=Na,2=Cl", "--traj",
                dump.toString(), "--dt", "0.5", "--temperature", "300", "--volume", "1000", "--out", fromTraj))
                .as(err.toString()).isZero();
        assertThat(IrCommandTest.run(err, "ir", "--dmdt", csv.toString(), "--temperature", "300", "--out", fromDmdt))
                .as(err.toString()).isZero();
        List<String> a = Files.readAllLines(Path.of(fromTraj + ".csv"));
        List<String> b = Files.readAllLines(Path.of(fromDmdt + ".csv"));
        assertThat(b).hasSameSizeAs(a);
        double peak = 0;
        for (int i = 1; i < a.size(); i++) {
            peak = Math.max(peak, Double.parseDouble(a.get(i).split(",")[1]));
        }
        for (int i = 1; i < a.size(); i++) {
            double x = Double.parseDouble(a.get(i).split(",")[1]);
            double y = Double.parseDouble(b.get(i).split(",")[1]);
            assertThat(Math.abs(x - y)).isLessThan(1e-6 * peak);
        }
    }

    @Test
    void severalFilesAreOneTrajectoryJoinedInOrder(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        IrCommandTest.writeDump(dump, 5, 40, 0.5, true);
        List<String> lines = Files.readAllLines(dump);
        int perFrame = lines.size() / 40; // 9 header lines + 4 atoms
        Path head = dir.resolve("a.dump");
        Path tail = dir.resolve("b.dump");
        Files.write(head, lines.subList(0, 17 * perFrame));
        Files.write(tail, lines.subList(17 * perFrame, lines.size()));
        Path whole = dir.resolve("whole.csv");
        Path joined = dir.resolve("joined.csv");
        StringWriter err = new StringWriter();
        for (Object[] run : new Object[][] {{whole, List.of(dump)}, {joined, List.of(head, tail)}}) {
            List<String> args = new java.util.ArrayList<>(List.of("dmdt", "--charges", CHARGES, "--type-map",
                    "1=Na,2=Cl", "--dt", "0.5", "--block-frames", "8", "--out", run[0].toString(), "--traj"));
            for (Object p : (List<?>) run[1]) {
                args.add(p.toString());
            }
            assertThat(IrCommandTest.run(err, args.toArray(new String[0]))).as(err.toString()).isZero();
        }
        assertThat(Files.readAllLines(joined)).isEqualTo(Files.readAllLines(whole));
        // a part given twice breaks the equal spacing of the MD steps
        int code = IrCommandTest.run(err, "dmdt", "--charges", CHARGES, "--type-map", "1=Na,2=Cl", "--dt", "0.5",
                "--out", dir.resolve("x.csv").toString(), "--traj", head.toString(), head.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("frame 17 is at MD step 0, expected 17");
    }

    @Test
    void aTrajectoryWithoutTimesNeedsDt(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        IrCommandTest.writeDump(dump, 5, 10, 0.5, true);
        StringWriter err = new StringWriter();
        int code = IrCommandTest.run(err, "dmdt", "--model", "none.json", "--charges", CHARGES, "--traj",
                dump.toString(), "--out", dir.resolve("x.csv").toString());
        assertThat(code).isEqualTo(2);
        code = IrCommandTest.run(err, "dmdt", "--charges", CHARGES, "--type-map", "1=Na,2=Cl", "--traj",
                dump.toString(), "--out", dir.resolve("x.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("give the time between frames with --dt");
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
    }

    /**
     * --model-samples: the main columns are those of the plain run, sample k is the dM/dt of posterior draw k of
     * the same seed (KernelBecModel.posteriorSamples), and ir --dmdt then gives the model band; refusals.
     */
    @Test
    void modelSamplesAreThePosteriorDrawsDmdtAndGiveIrItsModelBand(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        IrCommandTest.writeDump(dump, 5, 200, 0.5, true);
        Path m = IrModelBandCommandTest.model(dir, dump, true);
        StringWriter err = new StringWriter();
        String[] common = {"dmdt", "--model", m.toString(), "--type-map", "1=Na,2=Cl", "--traj", dump.toString(),
            "--dt", "0.5", "--block-frames", "64"};
        Path plain = dir.resolve("plain.csv");
        assertThat(IrCommandTest.run(err, concat(common, "--out", plain.toString()))).as(err.toString()).isZero();
        Path sampled = dir.resolve("sampled.csv");
        assertThat(IrCommandTest.run(err, concat(common, "--model-samples", "3", "--model-seed", "7", "--out",
                sampled.toString()))).as(err.toString()).isZero();
        DipoleDerivativeCsv.Series a = DipoleDerivativeCsv.read(plain);
        DipoleDerivativeCsv.Series b = DipoleDerivativeCsv.read(sampled);
        assertThat(b.series()).containsExactly(a.series());
        assertThat(b.samples()).hasSize(3);
        org.zstar.models.KernelBecModel km = (org.zstar.models.KernelBecModel) org.zstar.registry.ModelRegistry
                .readBecModel(m);
        Path draw = dir.resolve("draw2.zstar");
        org.zstar.models.ModelFiles.save(km.posteriorSamples(3, 7).get(1), draw);
        Path drawCsv = dir.resolve("draw2.csv");
        String[] one = common.clone();
        one[2] = draw.toString();
        assertThat(IrCommandTest.run(err, concat(one, "--out", drawCsv.toString()))).as(err.toString()).isZero();
        assertThat(b.samples().get(1)).containsExactly(DipoleDerivativeCsv.read(drawCsv).series());
        assertThat(b.samples().get(1)).isNotEqualTo(b.series());
        String prefix = dir.resolve("ir").toString();
        assertThat(IrCommandTest.run(err, "ir", "--dmdt", sampled.toString(), "--temperature", "300", "--blocks", "2",
                "--out", prefix)).as(err.toString()).isZero();
        assertThat(Files.readAllLines(Path.of(prefix + ".csv")).get(0)).contains("model");
        assertThat(IrCommandTest.run(err, concat(common, "--model-samples", "1", "--out",
                dir.resolve("x.csv").toString()))).isEqualTo(2);
        assertThat(IrCommandTest.run(err, "dmdt", "--charges", CHARGES, "--type-map", "1=Na,2=Cl", "--traj",
                dump.toString(), "--dt", "0.5", "--model-samples", "2", "--out", dir.resolve("y.csv").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--model-samples must be 0 or at least 2, and needs --model");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
