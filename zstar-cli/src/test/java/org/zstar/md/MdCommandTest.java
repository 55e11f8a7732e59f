package org.zstar.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.cli.Main;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.Descriptors;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.ExtXyzWriter;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.BecModelSpec;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.models.ReferenceEnvironments;
import org.zstar.models.UnitDescriptor;
import org.zstar.spectra.DipoleDerivativeSampler;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import picocli.CommandLine;

/** The md, train-ff and eval-ff commands on a small water box with a small real descriptor. */
class MdCommandTest {
    private static final List<String> SPECIES = List.of("H", "O");
    private static ScalarDescriptor descriptor;
    private static Structure water;
    private static KernelForceField ff;
    private static KernelBecModel bec;

    @BeforeAll
    static void setUp() {
        descriptor = new ScalarDescriptor(new DescriptorParameters(SPECIES, 3.5, 3.0, 0.5, 4, 3, 2, 0.1, 0.02));
        water = waterBox(new Random(1));
        DescriptorSet u = Descriptors.normalize(descriptor.compute(water, false));
        int f = u.components;
        Random rnd = new Random(2);
        double[][] refs = new double[2][];
        double[][] w = new double[2][];
        double[][] qRefs = new double[2][];
        for (int s = 0; s < 2; s++) {
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < water.size(); i++) {
                if (water.symbol(i).equals(SPECIES.get(s))) {
                    rows.add(java.util.Arrays.copyOfRange(u.values, i * f, i * f + f));
                }
            }
            int m = 3;
            refs[s] = new double[m * f];
            w[s] = new double[m];
            for (int b = 0; b < m; b++) {
                System.arraycopy(rows.get(b), 0, refs[s], b * f, f);
                w[s][b] = 0.05 * rnd.nextGaussian();
            }
            qRefs[s] = refs[s].clone();
        }
        ff = new KernelForceField(descriptor, SPECIES, 2, refs, w, new double[] {-3.0, -5.0}, Map.of());
        ReferenceEnvironments re = new ReferenceEnvironments(SPECIES, qRefs, f, null, null, 0, false);
        double[] bw = new double[re.columns()];
        for (int k = 0; k < bw.length; k++) {
            bw[k] = 0.3 * rnd.nextGaussian();
        }
        bec = new KernelBecModel(BecModelSpec.defaults(ModelKind.MONOPOLE), new UnitDescriptor(descriptor), null, re,
                bw, null, Map.of());
    }

    /** Four water molecules in a 5 A periodic box. */
    static Structure waterBox(Random rnd) {
        List<String> sym = new ArrayList<>();
        List<Double> pos = new ArrayList<>();
        double[][] centres = {{1, 1, 1}, {3.5, 1.2, 1.1}, {1.2, 3.6, 3.4}, {3.4, 3.5, 2.2}};
        for (double[] c : centres) {
            sym.add("O");
            for (int k = 0; k < 3; k++) {
                pos.add(c[k]);
            }
            double ang = rnd.nextDouble() * Math.PI;
            sym.add("H");
            pos.add(c[0] + 0.96 * Math.cos(ang));
            pos.add(c[1] + 0.96 * Math.sin(ang));
            pos.add(c[2]);
            sym.add("H");
            pos.add(c[0] + 0.96 * Math.cos(ang + 1.82));
            pos.add(c[1] + 0.96 * Math.sin(ang + 1.82));
            pos.add(c[2] + 0.1);
        }
        double[] p = pos.stream().mapToDouble(Double::doubleValue).toArray();
        return Structure.builder().symbols(sym.toArray(new String[0])).positions(p)
                .cell(Cell.orthorhombic(5.0, 5.0, 5.0)).build();
    }

    private static int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        lastOut = out.toString();
        lastErr = err.toString();
        return code;
    }

    private static String lastOut;
    private static String lastErr;

    @Test
    void mdWritesReadableTrajectoryThermoAndDipoleDerivative(@TempDir Path dir) throws Exception {
        Path ffFile = dir.resolve("ff.json.gz");
        ForceFieldFiles.save(ff, ffFile);
        Path becFile = dir.resolve("bec.json.gz");
        ModelFiles.save(bec, becFile);
        Path start = dir.resolve("start.xyz");
        ExtXyzWriter.write(start, List.of(water));
        Path prefix = dir.resolve("out/run");
        int code = run("md", "--ff", ffFile.toString(), "--structure", start.toString(), "--temperature", "300",
                "--dt", "0.5", "--steps", "12", "--every", "4", "--thermostat", "bussi", "--tau", "20", "--seed", "3",
                "--bec-model", becFile.toString(), "--bec-every", "2", "--threads", "2", "--out", prefix.toString());
        assertThat(code).as(lastErr).isZero();
        assertThat(lastOut).contains("steps/s").containsPattern("T = [0-9.]+ \\+- [0-9.]+ K over 12 steps")
                .contains("canonical spread").contains("conserved quantity drift");
        List<Structure> frames = Readers.open(dir.resolve("out/run.xyz"), ReadOptions.DEFAULTS).readAll();
        assertThat(frames).hasSize(4); // steps 0, 4, 8, 12
        assertThat(frames.get(0).positions()).containsExactly(water.positions(), offset(1e-12));
        assertThat(frames.get(3).info().get("step").toString()).startsWith("12");
        for (Structure s : frames) {
            assertThat(s.has(Structure.VELOCITIES)).isTrue();
            assertThat(s.energy()).isNotNull();
        }
        List<String> thermo = Files.readAllLines(dir.resolve("out/run-thermo.csv"));
        assertThat(thermo).hasSize(14);
        assertThat(thermo.get(0)).startsWith("step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K");
        String[] last = thermo.get(13).split(",");
        assertThat(Integer.parseInt(last[0])).isEqualTo(12);
        assertThat(Double.parseDouble(last[1])).isCloseTo(6.0, offset(1e-9));
        assertThat(Double.parseDouble(last[2])).isCloseTo(frames.get(3).energy(), offset(1e-6));
        // step 0: initial temperature is the target exactly
        assertThat(Double.parseDouble(thermo.get(1).split(",")[5])).isCloseTo(300.0, offset(1e-3));
        List<String> dmdt = Files.readAllLines(dir.resolve("out/run-dmdt.csv"));
        assertThat(dmdt).hasSize(8); // header, steps 0, 2, ..., 12
        assertThat(dmdt.get(0)).isEqualTo("time_fs,dMx_dt_eA_per_fs,dMy_dt_eA_per_fs,dMz_dt_eA_per_fs,volume_A3");
        // dM/dt at step 8 recomputed from the written frame: sum_j Z_j v_j
        Structure s8 = frames.get(2);
        double[] z = bec.predict(s8).bec();
        double[] v = s8.velocities();
        String[] row = dmdt.get(5).split(",", -1);
        assertThat(Double.parseDouble(row[0])).isCloseTo(4.0, offset(1e-9));
        if (s8.isPeriodic()) {
            assertThat(Double.parseDouble(row[4])).isCloseTo(s8.cell().volume(), offset(1e-6 * s8.cell().volume()));
        } else {
            assertThat(row[4]).isEmpty();
        }
        for (int a = 0; a < 3; a++) {
            double expect = 0;
            for (int j = 0; j < s8.size(); j++) {
                for (int b = 0; b < 3; b++) {
                    expect += z[9 * j + 3 * a + b] * v[3 * j + b];
                }
            }
            assertThat(Double.parseDouble(row[1 + a])).isCloseTo(expect, offset(1e-7 * Math.abs(expect) + 1e-12));
        }
    }

    /** A run that fails mid-way leaves complete, readable records up to the failure. */
    @Test
    void interruptedRunLeavesACompletePrefix(@TempDir Path dir) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ForceField failing = s -> {
            if (calls.incrementAndGet() > 8) {
                throw new IllegalStateException("simulated crash");
            }
            return ff.compute(s);
        };
        MolecularDynamics md = new MolecularDynamics(failing, water,
                new MolecularDynamics.Settings(0.5, Thermostat.NVE, 0, 0, 0, 5), 200.0);
        Path prefix = dir.resolve("crash");
        try (TrajectoryWriter xyz = new TrajectoryWriter(dir.resolve("crash.xyz"));
                ThermoWriter thermo = new ThermoWriter(dir.resolve("crash-thermo.csv"));
                DipoleDerivativeSampler dmdt = new DipoleDerivativeSampler(bec, dir.resolve("crash-dmdt.csv"))) {
            md.attach(dmdt, 1).attach(thermo, 1).attach(xyz, 2);
            assertThatThrownBy(() -> md.run(100)).hasMessageContaining("simulated crash");
        }
        // force calls: 1 at start + 1 per step, so steps 0..7 completed
        List<Structure> frames = Readers.open(dir.resolve("crash.xyz"), ReadOptions.DEFAULTS).readAll();
        assertThat(frames).hasSize(4); // steps 0, 2, 4, 6
        assertThat(Files.readAllLines(dir.resolve("crash-thermo.csv"))).hasSize(1 + 8);
        assertThat(Files.readAllLines(dir.resolve("crash-dmdt.csv"))).hasSize(1 + 8);
        String text = Files.readString(dir.resolve("crash-thermo.csv"));
        assertThat(text).endsWith("\n");
    }

    @Test
    void trainAndEvalCommandsRoundTrip(@TempDir Path dir) throws Exception {
        // frames labelled by the known force field
        Random rnd = new Random(7);
        List<Structure> frames = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            double[] p = water.positions();
            for (int c = 0; c < p.length; c++) {
                p[c] += 0.08 * rnd.nextGaussian();
            }
            Structure s = water.toBuilder().positions(p).build();
            ForceResult r = ff.compute(s);
            frames.add(s.toBuilder().energy(r.energy()).forces(r.forces()).stress(r.stress()).build());
        }
        Path data = dir.resolve("data.xyz");
        ExtXyzWriter.write(data, frames);
        Path ffFile = dir.resolve("ff.json.gz");
        ForceFieldFiles.save(ff, ffFile);
        assertThat(run("eval-ff", "--ff", ffFile.toString(), "--data", data.toString(), "--frames", "1-3", "--json"))
                .as(lastErr).isZero();
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lastOut);
        assertThat(j.get("frames").asInt()).isEqualTo(3);
        assertThat(j.get("energy_rmse_mev_per_atom").asDouble()).isLessThan(1e-6);
        assertThat(j.get("force_rmse_mev_per_a").asDouble()).isLessThan(1e-6);
        assertThat(j.get("force_rmse_mev_per_a_by_species").has("O")).isTrue();
        Path trained = dir.resolve("trained.json.gz");
        assertThat(run("train-ff", "--data", data.toString(), "--test-frames", "5", "--r2", "3.5", "--r3", "3.0",
                "--n2", "4", "--n3", "3", "--lmax", "2", "--zeta", "2", "--refs", "8", "--threads", "1", "--out",
                trained.toString())).as(lastErr).isZero();
        assertThat(lastOut).contains("test energy RMSE").contains("force RMSE H");
        KernelForceField back = ForceFieldFiles.load(trained);
        assertThat(back.weights(0)).hasSize(8);
        assertThat(back.metadata()).containsKey("summary");
        // a broken file is a user error (exit 2)
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{}");
        assertThat(run("eval-ff", "--ff", bad.toString(), "--data", data.toString())).isEqualTo(2);
        assertThat(run("md", "--ff", ffFile.toString(), "--structure", data.toString(), "--temperature", "300",
                "--dt", "0.5", "--steps", "2", "--thermostat", "nose", "--out", dir.resolve("x").toString()))
                .isEqualTo(2);
    }

    /** Issue 14 item 3: a 50 fs step blows up; the guard stops it with exit 2, and the files stay readable. */
    @Test
    void guardStopsARunThatLeavesPhysics(@TempDir Path dir) throws Exception {
        Path ffFile = dir.resolve("ff.json.gz");
        ForceFieldFiles.save(ff, ffFile);
        Path start = dir.resolve("start.xyz");
        ExtXyzWriter.write(start, List.of(water));
        Path prefix = dir.resolve("blow");
        int code = run("md", "--ff", ffFile.toString(), "--structure", start.toString(), "--temperature", "300",
                "--dt", "50", "--steps", "400", "--every", "1", "--threads", "1", "--out", prefix.toString());
        assertThat(code).as(lastOut + lastErr).isNotZero();
        assertThat(lastErr).contains("MD left physics at step").contains("--dt 50").doesNotContain("Exception");
        List<Structure> frames = Readers.open(dir.resolve("blow.xyz"), ReadOptions.DEFAULTS).readAll();
        List<String> thermo = Files.readAllLines(dir.resolve("blow-thermo.csv"));
        long stopped = Long.parseLong(lastErr.replaceAll("(?s).*MD left physics at step (\\d+).*", "$1"));
        assertThat(stopped).isLessThan(400);
        // every step before the stop is written whole, the failing one is not
        assertThat(frames).hasSize((int) stopped);
        assertThat(thermo).hasSize(1 + (int) stopped);
        for (Structure s : frames) {
            for (double x : s.positionsView()) {
                assertThat(x).isFinite();
            }
        }
        // without the guard the same run goes on to the end with absurd temperatures (today's behaviour)
        assertThat(run("md", "--ff", ffFile.toString(), "--structure", start.toString(), "--temperature", "300",
                "--dt", "50", "--steps", "40", "--no-guard", "--threads", "1", "--out", prefix.toString()))
                .as(lastErr).isZero();
        double maxT = 0;
        for (String line : Files.readAllLines(dir.resolve("blow-thermo.csv")).subList(1, 42)) {
            maxT = Math.max(maxT, Double.parseDouble(line.split(",")[5]));
        }
        assertThat(maxT).isGreaterThan(1500);
    }

    /** A species the force field does not know: exit 2 with the species named, no file created. */
    @Test
    void unknownSpeciesIsRefusedBeforeAnyFile(@TempDir Path dir) throws Exception {
        Path ffFile = dir.resolve("ff.json.gz");
        ForceFieldFiles.save(ff, ffFile);
        String[] sym = new String[water.size()];
        for (int i = 0; i < sym.length; i++) {
            sym[i] = water.symbol(i).equals("O") ? "N" : "H";
        }
        Path start = dir.resolve("ammonia.xyz");
        ExtXyzWriter.write(start, List.of(water.toBuilder().symbols(sym).build()));
        Path prefix = dir.resolve("out/x");
        assertThat(run("md", "--ff", ffFile.toString(), "--structure", start.toString(), "--temperature", "300",
                "--dt", "0.5", "--steps", "2", "--threads", "1", "--out", prefix.toString())).isEqualTo(2);
        assertThat(lastErr).contains("species N").contains("force field").doesNotContain("IllegalArgument");
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }
}
