package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IrCommandTest {
    static final double C_CM_PER_FS = 2.99792458e-5;

    /**
     * A LAMMPS dump (metal units, velocities in A/ps) of two charged pairs vibrating at 1000 cm^-1 (along x,
     * across the periodic boundary) and 3000 cm^-1 (along y), with random phases and amplitudes.
     */
    static void writeDump(Path p, long seed, int frames, double dtFs, boolean velocities) throws IOException {
        Random rnd = new Random(seed);
        double wA = 2 * Math.PI * C_CM_PER_FS * 1000, wB = 2 * Math.PI * C_CM_PER_FS * 3000;
        double aA = 0.1 * (1 + 0.2 * rnd.nextGaussian()), aB = 0.02 * (1 + 0.2 * rnd.nextGaussian());
        double pA = 2 * Math.PI * rnd.nextDouble(), pB = 2 * Math.PI * rnd.nextDouble();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < frames; i++) {
            double t = i * dtFs;
            double sA = 2 + aA * Math.sin(wA * t + pA), sB = 2 + aB * Math.sin(wB * t + pB);
            double vA = 0.5 * aA * wA * Math.cos(wA * t + pA) * 1000, vB = 0.5 * aB * wB * Math.cos(wB * t + pB) * 1000;
            double xNa = 0.1 + sA / 2, xCl = 0.1 - sA / 2;
            xCl = xCl < 0 ? xCl + 10 : xCl;
            sb.append("ITEM: TIMESTEP\n").append(i).append("\nITEM: NUMBER OF ATOMS\n4\nITEM: BOX BOUNDS pp pp pp\n")
                    .append("0 10\n0 10\n0 10\nITEM: ATOMS id type x y z").append(velocities ? " vx vy vz\n" : "\n");
            String[] rows = {
                fmt(1, 1, xNa, 5, 5, vA, 0, 0), fmt(2, 2, xCl, 5, 5, -vA, 0, 0),
                fmt(3, 1, 5, 5 + sB / 2, 2, 0, vB, 0), fmt(4, 2, 5, 5 - sB / 2, 2, 0, -vB, 0)};
            for (String r : rows) {
                sb.append(velocities ? r : r.substring(0, nthSpace(r, 5))).append('\n');
            }
        }
        Files.writeString(p, sb.toString());
    }

    private static int nthSpace(String s, int n) {
        int idx = -1;
        for (int k = 0; k < n; k++) {
            idx = s.indexOf(' ', idx + 1);
        }
        return idx;
    }

    private static String fmt(int id, int type, double x, double y, double z, double vx, double vy, double vz) {
        return String.format(Locale.ROOT, "%d %d %.10f %.10f %.10f %.10f %.10f %.10f", id, type, x, y, z, vx, vy, vz);
    }

    static int run(StringWriter err, String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void spectrumWithBandPeaksAndReference(@TempDir Path dir) throws IOException {
        for (int k = 0; k < 4; k++) {
            writeDump(dir.resolve("t" + k + ".dump"), 10 + k, 2500, 0.5, k % 2 == 0);
        }
        Path ref = dir.resolve("ref.xy");
        Files.writeString(ref, "# made-up reference\n900 0.1\n1000 2.0\n1100 0.1\n2900 0.3\n3000 1.0\n3100 0.3\n");
        String prefix = dir.resolve("ir").toString();
        StringWriter err = new StringWriter();
        int code = run(err, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj",
                dir.resolve("t0.dump").toString(), dir.resolve("t1.dump").toString(), dir.resolve("t2.dump").toString(),
                dir.resolve("t3.dump").toString(), "--dt", "0.5", "--temperature", "300", "--max-corr-time", "500",
                "--reference", ref.toString(), "--out", prefix);
        assertThat(code).as(err.toString()).isZero();
        List<String> csv = Files.readAllLines(Path.of(prefix + ".csv"));
        assertThat(csv.get(0)).isEqualTo("frequency_cm-1,mean,lower,upper");
        for (String line : csv.subList(1, csv.size())) {
            String[] c = line.split(",");
            assertThat(Double.parseDouble(c[2])).isLessThanOrEqualTo(Double.parseDouble(c[1]));
            assertThat(Double.parseDouble(c[3])).isGreaterThanOrEqualTo(Double.parseDouble(c[1]));
        }
        JsonNode json = new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
        assertThat(json.at("/summary/estimates").asInt()).isEqualTo(4);
        JsonNode peaks = json.at("/summary/peaks_cm-1");
        double step = json.at("/settings/frequency_step_cm-1").asDouble();
        assertThat(peaks.size()).isGreaterThanOrEqualTo(2);
        double p0 = peaks.get(0).get("wavenumber").asDouble(), p1 = peaks.get(1).get("wavenumber").asDouble();
        assertThat(Math.min(p0, p1)).isCloseTo(1000, org.assertj.core.data.Offset.offset(4 * step + 1));
        assertThat(Math.max(p0, p1)).isCloseTo(3000, org.assertj.core.data.Offset.offset(4 * step + 1));
        assertThat(json.at("/trajectories/0/velocities").asText()).isEqualTo("from file");
        assertThat(json.at("/trajectories/1/velocities").asText()).contains("central differences");
        assertThat(json.at("/reference/peak_cm-1").asDouble()).isEqualTo(1000.0);
        assertThat(ImageIO.read(Path.of(prefix + ".png").toFile()).getWidth()).isEqualTo(1800);
        assertThat(Files.readString(Path.of(prefix + ".svg"))).contains("<svg");
        Path preview = Path.of("target", "plot-preview");
        Files.createDirectories(preview);
        Files.copy(Path.of(prefix + ".png"), preview.resolve("ir-cli.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The dM/dt file of the same motion as {@link #writeDump} (same random draws): charges +1/-1, so
     * dM/dt = (2 vA, 2 vB, 0) in e*A/fs, with the 10 A box volume.
     */
    static void writeDmdt(Path p, long seed, int frames, double dtFs) throws IOException {
        Random rnd = new Random(seed);
        double wA = 2 * Math.PI * C_CM_PER_FS * 1000, wB = 2 * Math.PI * C_CM_PER_FS * 3000;
        double aA = 0.1 * (1 + 0.2 * rnd.nextGaussian()), aB = 0.02 * (1 + 0.2 * rnd.nextGaussian());
        double pA = 2 * Math.PI * rnd.nextDouble(), pB = 2 * Math.PI * rnd.nextDouble();
        StringBuilder sb = new StringBuilder("time_fs,dMx_dt,dMy_dt,dMz_dt,volume_A3\n");
        for (int i = 0; i < frames; i++) {
            double t = i * dtFs;
            double vA = 0.5 * aA * wA * Math.cos(wA * t + pA), vB = 0.5 * aB * wB * Math.cos(wB * t + pB);
            sb.append(String.format(Locale.ROOT, "%.6f,%.10g,%.10g,%.10g,1000%n", t, 2 * vA, 2 * vB, 0.0));
        }
        Files.writeString(p, sb.toString());
    }

    /** --dmdt (md's dM/dt files) gives the spectrum of the same motion read as trajectories with charges. */
    @Test
    void dipoleDerivativeFilesMatchTheTrajectoryRoute(@TempDir Path dir) throws IOException {
        for (int k = 0; k < 2; k++) {
            writeDump(dir.resolve("t" + k + ".dump"), 20 + k, 1200, 0.5, true);
            writeDmdt(dir.resolve("t" + k + "-dmdt.csv"), 20 + k, 1200, 0.5);
        }
        StringWriter err = new StringWriter();
        String a = dir.resolve("a").toString(), b = dir.resolve("b").toString();
        assertThat(run(err, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj",
                dir.resolve("t0.dump").toString(), dir.resolve("t1.dump").toString(), "--dt", "0.5", "--temperature",
                "300", "--out", a)).as(err.toString()).isZero();
        assertThat(run(err, "ir", "--dmdt", dir.resolve("t0-dmdt.csv").toString(),
                dir.resolve("t1-dmdt.csv").toString(), "--temperature", "300", "--out", b)).as(err.toString()).isZero();
        List<String> ca = Files.readAllLines(Path.of(a + ".csv")), cb = Files.readAllLines(Path.of(b + ".csv"));
        assertThat(cb).hasSameSizeAs(ca);
        double max = 0;
        for (String line : ca.subList(1, ca.size())) {
            max = Math.max(max, Double.parseDouble(line.split(",")[1]));
        }
        assertThat(max).isGreaterThan(0);
        for (int i = 1; i < ca.size(); i++) {
            String[] x = ca.get(i).split(","), y = cb.get(i).split(",");
            assertThat(Double.parseDouble(y[0])).isEqualTo(Double.parseDouble(x[0]));
            for (int c = 1; c < 4; c++) {
                assertThat(Double.parseDouble(y[c])).isCloseTo(Double.parseDouble(x[c]),
                        org.assertj.core.data.Offset.offset(1e-6 * max));
            }
        }
        JsonNode json = new ObjectMapper().readTree(Path.of(b + ".json").toFile());
        assertThat(json.at("/settings/dt_fs").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/trajectories/0/volume_A3").asDouble()).isEqualTo(1000.0);
        // user errors: a model with --dmdt, a wrong --dt, uneven times (named by file and line)
        StringWriter e1 = new StringWriter();
        assertThat(run(e1, "ir", "--dmdt", dir.resolve("t0-dmdt.csv").toString(), "--charges", "Na=1,Cl=-1",
                "--temperature", "300", "--out", b)).isEqualTo(2);
        assertThat(e1.toString()).contains("--dmdt");
        StringWriter e2 = new StringWriter();
        assertThat(run(e2, "ir", "--dmdt", dir.resolve("t0-dmdt.csv").toString(), "--dt", "1.0", "--temperature",
                "300", "--out", b)).isEqualTo(2);
        assertThat(e2.toString()).contains("disagrees");
        List<String> rows = Files.readAllLines(dir.resolve("t0-dmdt.csv"));
        rows.remove(5);
        Path gap = dir.resolve("gap-dmdt.csv");
        Files.write(gap, rows);
        StringWriter e3 = new StringWriter();
        assertThat(run(e3, "ir", "--dmdt", gap.toString(), "--temperature", "300", "--out",
                dir.resolve("g").toString())).isEqualTo(2);
        assertThat(e3.toString()).contains("gap-dmdt.csv line 6").contains("equally spaced");
        assertThat(Files.exists(dir.resolve("g.csv"))).isFalse();
    }

    @Test
    void blocksOfOneTrajectory(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("long.dump");
        writeDump(t, 3, 6000, 0.5, true);
        String prefix = dir.resolve("b").toString();
        StringWriter err = new StringWriter();
        int code = run(err, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", t.toString(),
                "--dt", "0.5", "--temperature", "300", "--blocks", "3", "--window", "gaussian", "--qcf", "harmonic",
                "--out", prefix);
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
        assertThat(json.at("/summary/estimates").asInt()).isEqualTo(3);
        assertThat(json.at("/summary/note").asText()).contains("independent");
        assertThat(json.at("/settings/quantum_correction").asText()).isEqualTo("harmonic");
    }

    @Test
    void userErrorsExitWithTwo(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("t.dump");
        writeDump(t, 1, 50, 0.5, true);
        StringWriter err = new StringWriter();
        // type without element
        assertThat(run(err, "ir", "--charges", "Na=1,Cl=-1", "--traj", t.toString(), "--dt", "0.5",
                "--temperature", "300", "--out", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("type map");
        // neither model nor charges
        StringWriter err2 = new StringWriter();
        assertThat(run(err2, "ir", "--traj", t.toString(), "--dt", "0.5", "--temperature", "300", "--out",
                dir.resolve("x").toString())).isEqualTo(2);
        assertThat(err2.toString()).contains("--model").contains("--charges");
        // species without a charge
        StringWriter err3 = new StringWriter();
        assertThat(run(err3, "ir", "--charges", "Na=1", "--type-map", "1=Na,2=Cl", "--traj", t.toString(), "--dt",
                "0.5", "--temperature", "300", "--out", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(err3.toString()).contains("Cl");
        // correlation time longer than the trajectory
        StringWriter err4 = new StringWriter();
        assertThat(run(err4, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", t.toString(),
                "--dt", "0.5", "--temperature", "300", "--max-corr-time", "1000", "--out",
                dir.resolve("x").toString())).isEqualTo(2);
        assertThat(err4.toString()).contains("longer than");
        // a frame missing in the middle (steps 0, 1, 3): not equally spaced
        String text = Files.readString(t);
        int cut = text.indexOf("ITEM: TIMESTEP\n2\n");
        int next = text.indexOf("ITEM: TIMESTEP\n3\n");
        Path gap = dir.resolve("gap.dump");
        Files.writeString(gap, text.substring(0, cut) + text.substring(next));
        StringWriter err5 = new StringWriter();
        assertThat(run(err5, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", gap.toString(),
                "--dt", "0.5", "--temperature", "300", "--out", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(err5.toString()).contains("equally spaced").contains("gap.dump");
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
    }

    /**
     * --model: a dipole model with fixed charges Na +1, Cl -1 trained on frames labelled with Z = q I learns
     * (nearly) zero dipoles, so its spectrum matches the --charges spectrum.
     */
    @Test
    void modelFileGivesTheFixedChargeSpectrum(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("t.dump");
        writeDump(t, 5, 600, 0.5, true);
        java.util.List<org.zstar.structure.Structure> frames = new java.util.ArrayList<>();
        try (org.zstar.io.FrameReader r = new org.zstar.io.LammpsDumpReader(t, java.util.Map.of(1, "Na", 2, "Cl"))) {
            org.zstar.structure.Structure s;
            int i = 0;
            while ((s = r.readNext()) != null && i < 200) {
                if (i++ % 20 == 0) {
                    frames.add(s.toBuilder().bec(new org.zstar.models.FixedChargeModel(
                            java.util.Map.of("Na", 1.0, "Cl", -1.0)).predict(s).bec()).build());
                }
            }
        }
        org.zstar.models.TrainingOptions options = org.zstar.models.TrainingOptions
                .builder(org.zstar.models.ModelKind.DIPOLE)
                .spec(org.zstar.models.BecModelSpec.defaults(org.zstar.models.ModelKind.DIPOLE)
                        .withDipoleKernel(org.zstar.models.BecModelSpec.DipoleKernel.LINEAR))
                .chargeRefs(10).dipoleRefs(10).fixedCharges(java.util.Map.of("Na", 1.0, "Cl", -1.0)).threads(1)
                .seed(42L).build();
        org.zstar.models.BecTrainer.Fit fit = org.zstar.models.BecTrainer.train(frames,
                org.zstar.descriptors.ScalarDescriptor.defaults("Na", "Cl"),
                org.zstar.descriptors.VectorDescriptor.defaults("Na", "Cl"), options, null);
        Path modelFile = dir.resolve("m.zstar");
        org.zstar.models.ModelFiles.save(fit.model(), modelFile);
        StringWriter err = new StringWriter();
        String[] common = {"--type-map", "1=Na,2=Cl", "--traj", t.toString(), "--dt", "0.5", "--temperature", "300"};
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("ir", "--model", modelFile.toString(),
                "--out", dir.resolve("m").toString()));
        a.addAll(java.util.List.of(common));
        assertThat(run(err, a.toArray(new String[0]))).as(err.toString()).isZero();
        java.util.List<String> b = new java.util.ArrayList<>(java.util.List.of("ir", "--charges", "Na=1,Cl=-1",
                "--out", dir.resolve("q").toString()));
        b.addAll(java.util.List.of(common));
        assertThat(run(err, b.toArray(new String[0]))).as(err.toString()).isZero();
        ObjectMapper om = new ObjectMapper();
        JsonNode jm = om.readTree(dir.resolve("m.json").toFile());
        JsonNode jq = om.readTree(dir.resolve("q.json").toFile());
        assertThat(jm.at("/settings/source").asText()).startsWith("model");
        double msM = jm.at("/trajectories/0/mean_square_dMdt_eA2_per_fs2").asDouble();
        double msQ = jq.at("/trajectories/0/mean_square_dMdt_eA2_per_fs2").asDouble();
        assertThat(msM).isCloseTo(msQ, org.assertj.core.data.Offset.offset(0.02 * msQ));
    }

    /** Converts one of our LAMMPS dumps (metal units) to extended XYZ with velocities in A/fs. */
    static void dumpToExtXyz(Path dump, Path xyz) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (org.zstar.io.FrameReader r = new org.zstar.io.LammpsDumpReader(dump, java.util.Map.of(1, "Na", 2, "Cl"))) {
            org.zstar.structure.Structure s;
            while ((s = r.readNext()) != null) {
                sb.append(s.size()).append('\n');
                sb.append("Lattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3:vel:R:3 pbc=\"T T T\"\n");
                double[] v = s.velocities();
                for (int i = 0; i < s.size(); i++) {
                    sb.append(String.format(Locale.ROOT, "%s %.10f %.10f %.10f %.12f %.12f %.12f%n", s.symbol(i),
                            s.x(i, 0), s.x(i, 1), s.x(i, 2), v[3 * i], v[3 * i + 1], v[3 * i + 2]));
                }
            }
        }
        Files.writeString(xyz, sb.toString());
    }

    /** The same trajectory as a LAMMPS dump (A/ps) and as extended XYZ (A/fs) gives the same spectrum. */
    @Test
    void extendedXyzThroughReadersMatchesLammps(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        writeDump(dump, 8, 1500, 0.5, true);
        Path xyz = dir.resolve("t.xyz");
        dumpToExtXyz(dump, xyz);
        StringWriter err = new StringWriter();
        assertThat(run(err, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", dump.toString(),
                "--dt", "0.5", "--temperature", "300", "--out", dir.resolve("a").toString())).as(err.toString()).isZero();
        assertThat(run(err, "ir", "--charges", "Na=1,Cl=-1", "--traj", xyz.toString(), "--dt", "0.5",
                "--temperature", "300", "--out", dir.resolve("b").toString())).as(err.toString()).isZero();
        List<String> a = Files.readAllLines(dir.resolve("a.csv"));
        List<String> b = Files.readAllLines(dir.resolve("b.csv"));
        assertThat(b).hasSameSizeAs(a);
        double max = 0;
        double diff = 0;
        for (int i = 1; i < a.size(); i++) {
            double x = Double.parseDouble(a.get(i).split(",")[1]);
            double y = Double.parseDouble(b.get(i).split(",")[1]);
            max = Math.max(max, Math.abs(x));
            diff = Math.max(diff, Math.abs(x - y));
        }
        assertThat(diff).isLessThan(1e-6 * max);
        JsonNode j = new ObjectMapper().readTree(dir.resolve("b.json").toFile());
        assertThat(j.at("/trajectories/0/velocities").asText()).isEqualTo("from file");
    }
}
