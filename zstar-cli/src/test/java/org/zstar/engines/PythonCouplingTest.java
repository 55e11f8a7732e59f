package org.zstar.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.engines.ipi.IpiFixtures;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.forcefield.KernelForceField;
import org.zstar.md.ForceResult;
import org.zstar.models.BecPrediction;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * zstar serve driven from Python (python/tests/test_zstar_coupling.py): the standard-library server, and ASE
 * (NVE through the socket, ase.vibrations.Infrared). The Python side checks energy conservation and the
 * finite-difference dipole derivatives; here the numbers it got are compared with zstar's own. Skips, saying
 * so, when python3 (or, for the ASE part, python3 with ASE and numpy) is missing.
 */
class PythonCouplingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PYTHON_TESTS = repositoryRoot().resolve("python/tests");
    @TempDir
    static Path dir;
    private static KernelForceField ff;
    private static KernelBecModel bec;

    @BeforeAll
    static void setUp() throws IOException {
        ff = IpiFixtures.forceField();
        bec = IpiFixtures.becModel();
        ForceFieldFiles.save(ff, dir.resolve("ff.json.gz"));
        ModelFiles.save(bec, dir.resolve("bec.json.gz"));
        writeStructure(IpiFixtures.waterBox(1), dir.resolve("box.json"));
        writeStructure(IpiFixtures.waterMolecule(), dir.resolve("molecule.json"));
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("python")) ? here : here.getParent();
    }

    private static void writeStructure(Structure s, Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbols", s.symbols());
        List<double[]> pos = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            pos.add(new double[] {s.x(i, 0), s.x(i, 1), s.x(i, 2)});
        }
        m.put("positions", pos);
        if (s.cell() != null) {
            double[] l = s.cell().lattice();
            m.put("cell", new double[][] {{l[0], l[1], l[2]}, {l[3], l[4], l[5]}, {l[6], l[7], l[8]}});
        }
        JSON.writeValue(file.toFile(), m);
    }

    /** The first python3 that runs (and imports the modules asked for), or null. */
    private static String python(String imports) {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import " + imports).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // not there: try the next
            }
        }
        return null;
    }

    /** Runs one unittest class of the Python test module; returns its output. */
    private static String runPython(String python, String testClass) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> zstar = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.zstar.cli.Main");
        ProcessBuilder pb = new ProcessBuilder(python, "-m", "unittest", "-v", "test_zstar_coupling." + testClass)
                .directory(PYTHON_TESTS.toFile()).redirectErrorStream(true);
        pb.environment().put("ZSTAR_COMMAND", JSON.writeValueAsString(zstar));
        pb.environment().put("ZSTAR_TEST_DIR", dir.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // leave no __pycache__ in the source tree
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void standardLibraryServerDrivesServe() throws Exception {
        String python = python("json");
        Assumptions.assumeTrue(python != null, "python3 not found: skipping the Python i-PI server test");
        String out = runPython(python, "StandardLibraryServerTest");
        assertThat(out).doesNotContain("skipped");
        JsonNode r = JSON.readTree(dir.resolve("report-stdlib.json").toFile());
        Structure mol = structure(r.get("positions"), null);
        assertThat(r.get("energy").asDouble()).isCloseTo(ff.compute(mol).energy(), offset(1e-9));
        BecPrediction want = bec.predict(mol);
        double bohr = r.get("bohr").asDouble();
        for (int a = 0; a < 3; a++) {
            assertThat(r.get("extras").get("dipole").get(a).asDouble() * bohr)
                    .isCloseTo(want.polarization()[a], offset(1e-10));
        }
    }

    @Test
    void aseRunsNveAndInfraredThroughServe() throws Exception {
        String python = python("numpy, ase");
        Assumptions.assumeTrue(python != null,
                "python3 with ASE and numpy not found (Debian: apt-get install python3-ase): skipping the ASE test");
        String out = runPython(python, "AseTest");
        assertThat(out).doesNotContain("skipped");
        JsonNode nve = JSON.readTree(dir.resolve("report-nve.json").toFile());
        assertThat(nve.get("frames").size()).isEqualTo(5);
        for (JsonNode f : nve.get("frames")) {
            Structure s = structure(f.get("positions"), f.get("cell"));
            ForceResult want = ff.compute(s);
            assertThat(f.get("energy").asDouble()).isCloseTo(want.energy(), offset(1e-8 * Math.abs(want.energy())));
            double scale = 0;
            for (double v : want.forces()) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < want.forces().length; k++) {
                assertThat(f.get("forces").get(k / 3).get(k % 3).asDouble()).isCloseTo(want.forces()[k],
                        offset(1e-8 * scale));
            }
            int[][] voigt = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
            for (int v = 0; v < 6; v++) {
                assertThat(f.get("stress").get(v).asDouble())
                        .isCloseTo(want.stress()[3 * voigt[v][0] + voigt[v][1]], offset(1e-10));
            }
            BecPrediction p = bec.predict(s);
            for (int a = 0; a < 3; a++) {
                assertThat(f.get("dipole").get(a).asDouble()).isCloseTo(p.polarization()[a], offset(1e-10));
            }
            assertBecs(f.get("bec"), p.bec());
        }
        JsonNode sio = JSON.readTree(dir.resolve("report-socketio.json").toFile());
        ForceResult viaAse = ff.compute(structure(sio.get("positions"), sio.get("cell")));
        assertThat(sio.get("energy").asDouble()).isCloseTo(viaAse.energy(), offset(1e-8 * Math.abs(viaAse.energy())));
        for (int k = 0; k < viaAse.forces().length; k++) {
            assertThat(sio.get("forces").get(k / 3).get(k % 3).asDouble()).isCloseTo(viaAse.forces()[k], offset(1e-8));
        }
        assertThat(sio.get("stress").get(5).asDouble()).isCloseTo(viaAse.stress()[1], offset(1e-10));
        JsonNode ir = JSON.readTree(dir.resolve("report-ir.json").toFile());
        assertBecs(ir.get("bec"), bec.predict(structure(ir.get("positions"), null)).bec());
    }

    /** The calculator's per-atom (N, 3, 3) BECs are zstar's Z[j][a][b], transposed back from i-PI's layout. */
    private static void assertBecs(JsonNode got, double[] z) {
        for (int j = 0; j < z.length / 9; j++) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertThat(got.get(j).get(a).get(b).asDouble()).isCloseTo(z[9 * j + 3 * a + b], offset(1e-10));
                }
            }
        }
    }

    private static Structure structure(JsonNode positions, JsonNode cell) {
        String[] symbols = cell == null ? IpiFixtures.waterMolecule().symbols() : IpiFixtures.waterBox(1).symbols();
        double[] x = new double[3 * positions.size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = positions.get(k / 3).get(k % 3).asDouble();
        }
        Structure.Builder b = Structure.builder().symbols(symbols).positions(x);
        if (cell != null) {
            double[][] l = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    l[i][k] = cell.get(i).get(k).asDouble();
                }
            }
            b.cell(Cell.periodic(l));
        }
        return b.build();
    }
}
