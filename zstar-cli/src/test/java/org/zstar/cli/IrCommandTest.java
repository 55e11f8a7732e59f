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
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.LammpsDumpReader;
import org.zstar.spectra.IrAnalysis;
import org.zstar.spectra.Spectrum;
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
        assertThat(csv.get(0)).isEqualTo("frequency_cm-1,mean_n_alpha_cm-1,lower_n_alpha_cm-1,upper_n_alpha_cm-1");
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

    /** Frames of a dump as extended XYZ with velocities (A/fs); time_fs = k * timeStep when timeStep > 0. */
    static List<org.zstar.structure.Structure> framesOf(Path dump) {
        try (org.zstar.io.FrameReader r = new org.zstar.io.LammpsDumpReader(dump, java.util.Map.of(1, "Na", 2, "Cl"))) {
            return r.readAll();
        }
    }

    /** The frame without its info (the LAMMPS timestep). */
    static org.zstar.structure.Structure.Builder bare(org.zstar.structure.Structure s) {
        String[] sym = new String[s.size()];
        for (int i = 0; i < sym.length; i++) {
            sym[i] = s.symbol(i);
        }
        return org.zstar.structure.Structure.builder().symbols(sym).positions(s.positions()).cell(s.cell())
                .velocities(s.velocities());
    }

    static void writeXyz(List<org.zstar.structure.Structure> frames, Path xyz, double timeStep, boolean velocities)
            throws IOException {
        List<org.zstar.structure.Structure> out = new java.util.ArrayList<>();
        for (int k = 0; k < frames.size(); k++) {
            org.zstar.structure.Structure.Builder b = bare(frames.get(k));
            if (!velocities) {
                b.velocities(null);
            }
            if (timeStep > 0) {
                b.info("time_fs", k * timeStep);
            }
            out.add(b.build());
        }
        org.zstar.io.ExtXyzWriter.write(xyz, out);
    }

    private static JsonNode json(String prefix) throws IOException {
        return new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
    }

    /** Issue 14 item 2: --dt is checked against the frames' time_fs; without --dt it is taken from them. */
    @Test
    void timeStepIsCheckedAgainstTheFrames(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        writeDump(dump, 31, 1200, 0.5, true);
        Path xyz = dir.resolve("t.xyz");
        writeXyz(framesOf(dump), xyz, 0.5, true);
        StringWriter e1 = new StringWriter();
        String x = dir.resolve("x").toString();
        assertThat(run(e1, "ir", "--charges", "Na=1,Cl=-1", "--traj", xyz.toString(), "--dt", "5", "--temperature",
                "300", "--out", x)).isEqualTo(2);
        assertThat(e1.toString()).contains("t.xyz").contains("0.5 fs apart (time_fs)").contains("5 fs (--dt)");
        assertThat(Files.exists(Path.of(x + ".csv"))).isFalse();
        StringWriter e2 = new StringWriter();
        assertThat(run(e2, "ir", "--charges", "Na=1,Cl=-1", "--traj", xyz.toString(), "--temperature", "300",
                "--out", x)).as(e2.toString()).isZero();
        assertThat(json(x).at("/settings/dt_fs").asDouble()).isEqualTo(0.5);
        // time going backwards: not one trajectory
        List<org.zstar.structure.Structure> frames = new java.util.ArrayList<>(framesOf(dump));
        List<org.zstar.structure.Structure> twice = new java.util.ArrayList<>(frames.subList(0, 600));
        twice.addAll(frames.subList(0, 600));
        Path back = dir.resolve("back.xyz");
        List<org.zstar.structure.Structure> timed = new java.util.ArrayList<>();
        for (int k = 0; k < twice.size(); k++) {
            timed.add(bare(twice.get(k)).info("time_fs", (k % 600) * 0.5).build());
        }
        org.zstar.io.ExtXyzWriter.write(back, timed);
        StringWriter e3 = new StringWriter();
        assertThat(run(e3, "ir", "--charges", "Na=1,Cl=-1", "--traj", back.toString(), "--temperature", "300",
                "--out", x)).isEqualTo(2);
        assertThat(e3.toString()).contains("does not increase").contains("not one trajectory");
        // a frames without time: no --dt is an error naming it
        Path plain = dir.resolve("plain.xyz");
        writeXyz(frames, plain, 0, true);
        StringWriter e4 = new StringWriter();
        assertThat(run(e4, "ir", "--charges", "Na=1,Cl=-1", "--traj", plain.toString(), "--temperature", "300",
                "--out", x)).isEqualTo(2);
        assertThat(e4.toString()).contains("--dt");
    }

    /**
     * Issue 14 item 2: frames whose displacements do not follow their velocities are refused: a wrong --dt
     * (frames 0.5 fs apart read as 5 fs) and independent snapshots (the frames shuffled).
     */
    @Test
    void framesThatAreNotATrajectoryAreRefused(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        writeDump(dump, 32, 1200, 0.5, true);
        String x = dir.resolve("x").toString();
        StringWriter e1 = new StringWriter();
        assertThat(run(e1, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", dump.toString(),
                "--dt", "5", "--temperature", "300", "--out", x)).isEqualTo(2);
        assertThat(e1.toString()).contains("velocities x dt").contains("check --dt");
        List<org.zstar.structure.Structure> frames = new java.util.ArrayList<>(framesOf(dump));
        java.util.Collections.shuffle(frames, new Random(3));
        Path shuffled = dir.resolve("shuffled.xyz");
        writeXyz(frames, shuffled, 0, true);
        StringWriter e2 = new StringWriter();
        assertThat(run(e2, "ir", "--charges", "Na=1,Cl=-1", "--traj", shuffled.toString(), "--dt", "0.5",
                "--temperature", "300", "--out", x)).isEqualTo(2);
        assertThat(e2.toString()).contains("independent snapshots");
        assertThat(Files.exists(Path.of(x + ".csv"))).isFalse();
        // the right --dt on the same frames in order passes
        StringWriter e3 = new StringWriter();
        assertThat(run(e3, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", dump.toString(),
                "--dt", "0.5", "--temperature", "300", "--out", x)).as(e3.toString()).isZero();
    }

    /**
     * Issue 14 item 2: warnings (stderr and JSON) for a frequency range beyond Nyquist, few lags, positions
     * differenced without velocities, and a kinetic temperature far from --temperature.
     */
    @Test
    void samplingProblemsAreWarned(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        writeDump(dump, 33, 120, 5.0, false); // frames 5 fs apart: Nyquist 3336 cm^-1; 60 lags
        String x = dir.resolve("x").toString();
        StringWriter err = new StringWriter();
        assertThat(run(err, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", dump.toString(),
                "--dt", "5", "--temperature", "300", "--out", x)).as(err.toString()).isZero();
        String e = err.toString();
        assertThat(e).contains("warning: samples 5 fs apart resolve frequencies up to 3336 cm^-1 (Nyquist");
        assertThat(e).contains("warning: velocities are not from the files: positions are differenced");
        assertThat(e).contains("warning: only 60 lags (correlation time 295 fs): lines are about 111 cm^-1 wide");
        JsonNode j = json(x);
        assertThat(j.at("/warnings").size()).isGreaterThanOrEqualTo(3);
        assertThat(j.at("/settings/nyquist_cm-1").asDouble()).isCloseTo(3335.6, org.assertj.core.data.Offset.offset(0.1));
        // the kinetic temperature of the frames, and a --temperature ten times higher
        Path v = dir.resolve("v.dump");
        writeDump(v, 34, 1200, 0.5, true);
        StringWriter e2 = new StringWriter();
        assertThat(run(e2, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", v.toString(),
                "--dt", "0.5", "--temperature", "300", "--out", x)).as(e2.toString()).isZero();
        double tKin = json(x).at("/trajectories/0/kinetic_temperature_K").asDouble();
        assertThat(tKin).isPositive();
        boolean warned = e2.toString().contains("kinetic temperature");
        assertThat(warned).isEqualTo(Math.abs(tKin / 300 - 1) > 0.25);
        StringWriter e3 = new StringWriter();
        assertThat(run(e3, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj", v.toString(),
                "--dt", "0.5", "--temperature", String.valueOf(10 * tKin), "--out", x)).isZero();
        assertThat(e3.toString()).contains("kinetic temperature of the frames is");
        assertThat(e3.toString()).doesNotContain("Nyquist").doesNotContain("velocities are not from the files");
    }

    /**
     * Issue 14 item 6: two estimates keep the band positive; the reference is absolute by default and scaled with
     * --reference-scale max; non-neutral charges are refused.
     */
    @Test
    void positiveBandAbsoluteReferenceAndNeutralCharges(@TempDir Path dir) throws IOException {
        for (int k = 0; k < 2; k++) {
            writeDump(dir.resolve("t" + k + ".dump"), 40 + k, 1500, 0.5, true);
        }
        Path ref = dir.resolve("ref.xy");
        Files.writeString(ref, "900 0.1\n1000 2.0\n1100 0.1\n");
        String a = dir.resolve("a").toString();
        StringWriter err = new StringWriter();
        assertThat(run(err, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj",
                dir.resolve("t0.dump").toString(), dir.resolve("t1.dump").toString(), "--dt", "0.5", "--temperature",
                "300", "--reference", ref.toString(), "--out", a)).as(err.toString()).isZero();
        int positive = 0;
        int normalBelowZero = 0;
        for (String line : Files.readAllLines(Path.of(a + ".csv")).subList(1, 400)) {
            String[] c = line.split(",");
            double mean = Double.parseDouble(c[1]), lower = Double.parseDouble(c[2]);
            double upper = Double.parseDouble(c[3]);
            if (mean > 0) {
                positive++;
                assertThat(lower).as(line).isPositive().isLessThanOrEqualTo(mean);
                // the normal band mean - f se (f se = upper - mean) of the previous version
                normalBelowZero += mean - (upper - mean) < 0 ? 1 : 0;
            }
        }
        assertThat(positive).isGreaterThan(20);
        assertThat(normalBelowZero).isGreaterThan(5);
        // the figure's y-axis follows the spectrum, not the band (whose top is far higher with two estimates)
        IrAnalysis.Result r = IrAnalysis.builder().charges(Map.of("Na", 1.0, "Cl", -1.0)).dt(0.5).temperature(300)
                .trajectory("t0", () -> new LammpsDumpReader(dir.resolve("t0.dump"), Map.of(1, "Na", 2, "Cl")))
                .trajectory("t1", () -> new LammpsDumpReader(dir.resolve("t1.dump"), Map.of(1, "Na", 2, "Cl")))
                .build().run();
        double[] y = IrCommand.yAxis(r, new double[] {0, 4000});
        double top = r.mean().max(0, 4000);
        assertThat(y[1]).isCloseTo(1.1 * top - 0.1 * y[0], org.assertj.core.data.Offset.offset(1e-9 * top));
        assertThat(new Spectrum(r.band().wavenumbers(), r.band().upper()).max(0, 4000)).isGreaterThan(y[1]);
        JsonNode ja = json(a);
        assertThat(ja.at("/reference/scaled_by").asDouble()).isEqualTo(1.0);
        assertThat(ja.at("/reference/scaling").asText()).startsWith("none");
        String b = dir.resolve("b").toString();
        assertThat(run(err, "ir", "--charges", "Na=1,Cl=-1", "--type-map", "1=Na,2=Cl", "--traj",
                dir.resolve("t0.dump").toString(), "--dt", "0.5", "--temperature", "300", "--reference", ref.toString(),
                "--reference-scale", "max", "--out", b)).as(err.toString()).isZero();
        JsonNode jb = json(b);
        double meanMax = 0;
        for (String line : Files.readAllLines(Path.of(b + ".csv")).subList(1, 2000)) {
            String[] c = line.split(",");
            if (Double.parseDouble(c[0]) <= 4000) {
                meanMax = Math.max(meanMax, Double.parseDouble(c[1]));
            }
        }
        assertThat(jb.at("/reference/scaled_by").asDouble()).isCloseTo(meanMax / 2.0,
                org.assertj.core.data.Offset.offset(1e-6 * meanMax));
        StringWriter e2 = new StringWriter();
        assertThat(run(e2, "ir", "--charges", "Na=1,Cl=-0.5", "--type-map", "1=Na,2=Cl", "--traj",
                dir.resolve("t0.dump").toString(), "--dt", "0.5", "--temperature", "300", "--out",
                dir.resolve("c").toString())).isEqualTo(2);
        assertThat(e2.toString()).contains("net charge of 1 e").contains("sum to zero");
        assertThat(Files.exists(dir.resolve("c.csv"))).isFalse();
        StringWriter e3 = new StringWriter();
        assertThat(run(e3, "ir", "--charges", "Na=1,Cl=-0.5", "--route", "polarization", "--type-map", "1=Na,2=Cl",
                "--traj", dir.resolve("t0.dump").toString(), "--dt", "0.5", "--temperature", "300", "--out",
                dir.resolve("c").toString())).isEqualTo(2);
        assertThat(e3.toString()).contains("net charge");
    }
}
