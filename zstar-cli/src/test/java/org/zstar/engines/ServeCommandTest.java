package org.zstar.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.cli.Main;
import org.zstar.engines.ipi.AtomicUnits;
import org.zstar.engines.ipi.FakeIpiServer;
import org.zstar.engines.ipi.IpiFixtures;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.ExtXyzWriter;
import org.zstar.models.BecPrediction;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.structure.Structure;
import picocli.CommandLine;

/** zstar serve, run in-process against an in-process i-PI server. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServeCommandTest {
    private static final AtomicUnits U = AtomicUnits.CODATA_2018;
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static KernelForceField ff;
    private static KernelBecModel bec;
    private static Structure box;
    private static Path ffFile;
    private static Path becFile;
    private static Path boxFile;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        ff = IpiFixtures.forceField();
        bec = IpiFixtures.becModel();
        box = IpiFixtures.waterBox(1);
        ffFile = dir.resolve("ff.json.gz");
        becFile = dir.resolve("bec.json.gz");
        boxFile = dir.resolve("box.xyz");
        ForceFieldFiles.save(ff, ffFile);
        ModelFiles.save(bec, becFile);
        ExtXyzWriter.write(boxFile, List.of(box));
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    private record Result(int code, String out, String err) {
    }

    private static Future<Result> serve(String... args) {
        return pool.submit(() -> {
            CommandLine cl = Main.newCommandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(args);
            return new Result(code, out.toString(), err.toString());
        });
    }

    private static String[] args(FakeIpiServer server, String... more) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of("serve", "--ff", ffFile.toString(), "--bec-model",
                becFile.toString(), "--structure", boxFile.toString(), "--inet", server.inetAddress(), "--threads", "1",
                "--reconnect-timeout", "5"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void servesEnergyForcesAndBecsAndExitsZeroOnExit() throws Exception {
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Future<Result> run = serve(args(server));
            try (FakeIpiServer.Connection c = server.accept()) {
                FakeIpiServer.Forces got = c.compute(IpiFixtures.latticeBohr(box, U),
                        IpiFixtures.bohr(box.positions(), U));
                assertThat(got.energy() * U.hartree()).isCloseTo(ff.compute(box).energy(), offset(1e-9));
                BecPrediction want = bec.predict(box);
                JsonNode extras = JSON.readTree(got.extras());
                for (int j = 0; j < box.size(); j++) {
                    for (int a = 0; a < 3; a++) {
                        for (int b = 0; b < 3; b++) {
                            assertThat(extras.get("BEC").get(3 * j + b).get(a).asDouble())
                                    .isCloseTo(want.bec()[9 * j + 3 * a + b], offset(1e-12));
                        }
                    }
                }
                c.exit();
            }
            Result r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("1 evaluations; the server sent EXIT");
            assertThat(r.err()).contains("serve: 12 atoms, CODATA 2018").contains("dipole and BECs");
        }
    }

    @Test
    void aHostileServerEndsItWithExitTwoAndOneLine() throws Exception {
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Future<Result> run = serve(args(server));
            try (FakeIpiServer.Connection c = server.accept()) {
                c.sendRaw("\u00ff\u00fe NOT i-PI!".getBytes(StandardCharsets.ISO_8859_1));
                Result r = run.get(60, TimeUnit.SECONDS);
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err()).contains("zstar: malformed i-PI header").doesNotContain("Exception");
            }
        }
    }

    @Test
    void usageMistakesAreExitTwo(@TempDir Path tmp) throws Exception {
        Result both = serve("serve", "--ff", ffFile.toString(), "--structure", boxFile.toString(), "--inet",
                "localhost:1", "--unix", "x").get(60, TimeUnit.SECONDS);
        assertThat(both.code()).isEqualTo(2);
        Result badPort = serve("serve", "--ff", ffFile.toString(), "--structure", boxFile.toString(), "--inet",
                "localhost:http").get(60, TimeUnit.SECONDS);
        assertThat(badPort.code()).isEqualTo(2);
        assertThat(badPort.err()).contains("not a number");
        Path sodium = tmp.resolve("na.xyz");
        ExtXyzWriter.write(sodium, List.of(Structure.builder().symbols("Na", "O").positions(new double[6]).build()));
        Result species = serve("serve", "--ff", ffFile.toString(), "--structure", sodium.toString(), "--unix",
                "zstar-none").get(60, TimeUnit.SECONDS);
        assertThat(species.code()).isEqualTo(2);
        assertThat(species.err()).contains("[Na]");
        Result nobody = serve("serve", "--ff", ffFile.toString(), "--structure", boxFile.toString(), "--unix",
                "zstar-nobody-listens-" + ProcessHandle.current().pid(), "--reconnect-timeout", "0.2")
                .get(60, TimeUnit.SECONDS);
        assertThat(nobody.code()).isEqualTo(2);
        assertThat(nobody.err()).contains("could not connect to unix socket /tmp/ipi_zstar-nobody-listens-");
    }
}
