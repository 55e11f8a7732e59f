package org.zstar.engines.ipi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zstar.forcefield.KernelForceField;
import org.zstar.md.ForceResult;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.models.KernelBecModel;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/** The i-PI driver against an in-process server: units, derivatives, layouts, hostile messages, EXIT, reconnect. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IpiDriverTest {
    private static final AtomicUnits U = AtomicUnits.CODATA_2018;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KernelForceField ff;
    private static KernelBecModel bec;
    private static Structure box;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        ff = IpiFixtures.forceField();
        bec = IpiFixtures.becModel();
        box = IpiFixtures.waterBox(1);
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    /** A client for the structure's species running in the background; the log lines are collected. */
    private record Running(Future<IpiClient.Outcome> outcome, IpiDriver driver, List<String> log) {
    }

    private static Running start(FakeIpiServer server, Structure template, BecModel model, double timeout)
            throws Exception {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        IpiDriver driver = new IpiDriver(new IpiEvaluator(template, ff, model, U, null), log::add);
        IpiClient client = new IpiClient(server.address(), timeout, log::add);
        return new Running(pool.submit(() -> client.run(driver)), driver, log);
    }

    private static Throwable failure(Running r) throws Exception {
        try {
            r.outcome().get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void codataConstantsAreConsistentWithTheFundamentalConstants() {
        // 2018: hbar from the exact h; Eh, e, me, c, alpha as published. 2014: the published values of that set.
        check(AtomicUnits.CODATA_2018, 6.62607015e-34 / (2 * Math.PI), 4.3597447222071e-18, 1.602176634e-19,
                9.1093837015e-31, 7.2973525693e-3);
        check(AtomicUnits.CODATA_2014, 1.054571800e-34, 4.359744650e-18, 1.6021766208e-19, 9.10938356e-31,
                7.2973525664e-3);
        assertThat(AtomicUnits.parse("2014")).isEqualTo(AtomicUnits.CODATA_2014);
        assertThat(AtomicUnits.parse("CODATA2018")).isEqualTo(AtomicUnits.CODATA_2018);
        assertThatThrownBy(() -> AtomicUnits.parse("2010")).isInstanceOf(UserInputException.class);
    }

    private static void check(AtomicUnits u, double hbar, double hartreeJ, double e, double me, double alpha) {
        double c = 299792458.0;
        assertThat(u.hartree() / (hartreeJ / e)).isCloseTo(1.0, offset(1e-10));
        assertThat(u.time() / (hbar / hartreeJ * 1e15)).isCloseTo(1.0, offset(1e-9));
        assertThat(u.bohr() / (hbar / (me * c * alpha) * 1e10)).isCloseTo(1.0, offset(1e-9));
        assertThat(u.force()).isCloseTo(u.hartree() / u.bohr(), offset(1e-15));
    }

    @Test
    void energyForcesAndCellCrossTheSocketInAtomicUnits() throws Exception {
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, box, null, 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                FakeIpiServer.Forces got = c.compute(IpiFixtures.latticeBohr(box, U),
                        IpiFixtures.bohr(box.positions(), U));
                ForceResult want = ff.compute(box);
                assertThat(got.atoms()).isEqualTo(box.size());
                assertThat(got.energy() * U.hartree()).isCloseTo(want.energy(),
                        offset(1e-10 * Math.abs(want.energy())));
                for (int k = 0; k < want.forces().length; k++) {
                    assertThat(got.forces()[k] * U.hartree() / U.bohr()).isCloseTo(want.forces()[k], offset(1e-12));
                }
                for (int k = 0; k < 9; k++) { // i-PI's virial is -dE/d epsilon = -V sigma (ASE's sign)
                    assertThat(got.virial()[k] * U.hartree()).isCloseTo(-want.virial()[k], offset(1e-12));
                }
                assertThat(got.extras()).isEmpty();
                c.exit();
            }
            assertThat(r.outcome().get(30, TimeUnit.SECONDS)).isEqualTo(IpiClient.Outcome.EXIT);
        }
    }

    @Test
    void forcesAreMinusTheEnergyGradientThroughTheSocket() throws Exception {
        double h = 1e-4; // Bohr
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, box, null, 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                double[] cell = IpiFixtures.latticeBohr(box, U);
                double[] x = IpiFixtures.bohr(box.positions(), U);
                double[] f = c.compute(cell, x).forces();
                for (int k : new int[] {0, 4, 8, 13, 22, 35}) {
                    double[] p = x.clone();
                    p[k] += h;
                    double ep = c.compute(cell, p).energy();
                    p[k] -= 2 * h;
                    double em = c.compute(cell, p).energy();
                    assertThat(f[k]).as("coordinate %d", k).isCloseTo(-(ep - em) / (2 * h), offset(2e-8));
                }
                c.exit();
            }
            r.outcome().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void virialIsMinusTheStrainDerivativeOfTheEnergy() throws Exception {
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, box, null, 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                double[] cell = IpiFixtures.latticeBohr(box, U);
                double[] x = IpiFixtures.bohr(box.positions(), U);
                double[] vir = c.compute(cell, x).virial();
                double h = 1e-5;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        double ep = c.compute(strained(cell, a, b, h), strained(x, a, b, h)).energy();
                        double em = c.compute(strained(cell, a, b, -h), strained(x, a, b, -h)).energy();
                        assertThat(vir[3 * a + b]).as("virial %d%d", a, b).isCloseTo(-(ep - em) / (2 * h),
                                offset(2e-8));
                    }
                }
                c.exit();
            }
            r.outcome().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void virialOfAMoleculeIsMinusTheStrainDerivativeToo() throws Exception {
        Structure mol = IpiFixtures.waterMolecule();
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, mol, null, 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                double[] zero = new double[9];
                double[] x = IpiFixtures.bohr(mol.positions(), U);
                FakeIpiServer.Forces got = c.compute(zero, x);
                assertThat(got.energy() * U.hartree()).isCloseTo(ff.compute(mol).energy(), offset(1e-9));
                double h = 1e-5;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        double ep = c.compute(zero, strained(x, a, b, h)).energy();
                        double em = c.compute(zero, strained(x, a, b, -h)).energy();
                        assertThat(got.virial()[3 * a + b]).isCloseTo(-(ep - em) / (2 * h), offset(2e-8));
                    }
                }
                c.exit();
            }
            r.outcome().get(30, TimeUnit.SECONDS);
        }
    }

    /** Rows r (lattice vectors or positions) deformed by r' = (1 + eps) r with eps = h e_a e_b^T. */
    private static double[] strained(double[] rows, int a, int b, double h) {
        double[] out = rows.clone();
        for (int i = 0; i < rows.length / 3; i++) {
            out[3 * i + a] += h * rows[3 * i + b];
        }
        return out;
    }

    /** A fixed prediction with a non-symmetric Z[j][a][b] = 100 j + 10 a + b + 1 and a given polarisation. */
    private static BecModel fixedModel(int atoms, double[] polarization) {
        double[] z = new double[9 * atoms];
        for (int j = 0; j < atoms; j++) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    z[9 * j + 3 * a + b] = 100 * j + 10 * a + b + 1;
                }
            }
        }
        return new BecModel() {
            @Override
            public List<String> species() {
                return IpiFixtures.SPECIES;
            }

            @Override
            public BecPrediction predict(Structure s) {
                return new BecPrediction(null, null, z, z, new double[z.length], new double[z.length], polarization);
            }
        };
    }

    @Test
    void becRowsAreAtomCoordinatesAndColumnsAreDipoleComponents() throws Exception {
        double[] pol = {0.3, -1.2, 2.5}; // e*A
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, box, fixedModel(box.size(), pol), 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                JsonNode extras = JSON.readTree(c.compute(IpiFixtures.latticeBohr(box, U),
                        IpiFixtures.bohr(box.positions(), U)).extras());
                JsonNode rows = extras.get("BEC");
                assertThat(rows.size()).isEqualTo(3 * box.size());
                for (int j = 0; j < box.size(); j++) {
                    for (int b = 0; b < 3; b++) {
                        for (int a = 0; a < 3; a++) {
                            // row R_{j,b}, column a: dP_a / dR_{j,b} = Z[j][a][b]
                            assertThat(rows.get(3 * j + b).get(a).asDouble()).isEqualTo(100 * j + 10 * a + b + 1);
                        }
                    }
                }
                for (int a = 0; a < 3; a++) {
                    assertThat(extras.get("dipole").get(a).asDouble()).isCloseTo(pol[a] / U.bohr(), offset(1e-14));
                }
                c.exit();
            }
            r.outcome().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void dipoleIsForThePositionsAsSentUnwrapped() throws Exception {
        // atom 1 moved by the first lattice vector: unwrapped, it is outside the cell
        double[] unwrapped = box.positions();
        double[] cellRows = box.cell().lattice();
        for (int k = 0; k < 3; k++) {
            unwrapped[3 + k] += cellRows[k];
        }
        Structure moved = box.toBuilder().positions(unwrapped).build();
        BecPrediction wrappedPrediction = bec.predict(box);
        BecPrediction want = bec.predict(moved);
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, box, bec, 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                double[] cell = IpiFixtures.latticeBohr(box, U);
                double[] x = IpiFixtures.bohr(unwrapped, U);
                JsonNode extras = JSON.readTree(c.compute(cell, x).extras());
                double q1 = wrappedPrediction.charges()[1];
                for (int a = 0; a < 3; a++) {
                    double got = extras.get("dipole").get(a).asDouble();
                    assertThat(got).isCloseTo(want.polarization()[a] / U.bohr(), offset(1e-10));
                    // the unwrapped dipole differs from the wrapped one by q_1 a_1 (a_1 not small)
                    assertThat(got - wrappedPrediction.polarization()[a] / U.bohr())
                            .isCloseTo(q1 * cellRows[a] / U.bohr(), offset(1e-8));
                }
                assertThat(Math.abs(q1 * cellRows[0])).isGreaterThan(1e-3);
                c.exit();
            }
            r.outcome().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void becIsTheDerivativeOfTheDipoleThroughTheSocket() throws Exception {
        // four molecules without a cell: the monopole model's Z is then the exact dP/dr (ChargeForm.EXACT)
        Structure cluster = box.toBuilder().cell(null).build();
        double[] z = bec.predict(cluster).bec();
        double asymmetry = 0;
        for (int j = 0; j < cluster.size(); j++) {
            asymmetry = Math.max(asymmetry, Math.abs(z[9 * j + 1] - z[9 * j + 3]));
        }
        assertThat(asymmetry).as("Z must not be symmetric for this test to see a transpose").isGreaterThan(1e-3);
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, cluster, bec, 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                double[] cell = new double[9];
                double[] x = IpiFixtures.bohr(cluster.positions(), U);
                JsonNode rows = JSON.readTree(c.compute(cell, x).extras()).get("BEC");
                double h = 1e-4;
                for (int k : new int[] {0, 4, 11, 20, 31, 35}) {
                    double[] p = x.clone();
                    p[k] += h;
                    JsonNode dp = JSON.readTree(c.compute(cell, p).extras()).get("dipole");
                    p[k] -= 2 * h;
                    JsonNode dm = JSON.readTree(c.compute(cell, p).extras()).get("dipole");
                    for (int a = 0; a < 3; a++) {
                        double fd = (dp.get(a).asDouble() - dm.get(a).asDouble()) / (2 * h);
                        assertThat(rows.get(k).get(a).asDouble()).as("row %d column %d", k, a)
                                .isCloseTo(fd, offset(1e-6));
                    }
                }
                c.exit();
            }
            r.outcome().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void reconnectsAfterTheServerClosesAndExitsOnExit() throws Exception {
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, box, null, 10);
            double[] cell = IpiFixtures.latticeBohr(box, U);
            double[] x = IpiFixtures.bohr(box.positions(), U);
            double first;
            try (FakeIpiServer.Connection c = server.accept()) {
                first = c.compute(cell, x).energy();
            }
            try (FakeIpiServer.Connection c = server.accept()) { // a restarted server: the driver starts afresh
                assertThat(c.status()).isEqualTo("NEEDINIT");
                assertThat(c.compute(cell, x).energy()).isEqualTo(first);
                c.exit();
                assertThat(c.clientClosed()).isTrue();
            }
            assertThat(r.outcome().get(30, TimeUnit.SECONDS)).isEqualTo(IpiClient.Outcome.EXIT);
            assertThat(r.driver().evaluations()).isEqualTo(2);
            assertThat(r.log()).anyMatch(l -> l.contains("reconnecting"));
        }
    }

    @Test
    void stopsWhenTheServerDoesNotComeBack() throws Exception {
        FakeIpiServer server = FakeIpiServer.inet();
        Running r = start(server, box, null, 0.5);
        try (FakeIpiServer.Connection c = server.accept()) {
            c.compute(IpiFixtures.latticeBohr(box, U), IpiFixtures.bohr(box.positions(), U));
            server.close();
        }
        assertThat(r.outcome().get(30, TimeUnit.SECONDS)).isEqualTo(IpiClient.Outcome.SERVER_GONE);
    }

    @Test
    void aMessageCutShortIsALostConnection() throws Exception {
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, box, null, 10);
            try (FakeIpiServer.Connection c = server.accept()) {
                c.send("POSDATA");
                c.sendDoubles(1, 2, 3); // 3 of the 18 cell numbers, then the server dies
            }
            try (FakeIpiServer.Connection c = server.accept()) {
                c.compute(IpiFixtures.latticeBohr(box, U), IpiFixtures.bohr(box.positions(), U));
                c.exit();
            }
            assertThat(r.outcome().get(30, TimeUnit.SECONDS)).isEqualTo(IpiClient.Outcome.EXIT);
            assertThat(r.log()).anyMatch(l -> l.contains("middle of a message"));
        }
    }

    /** Sends what a hostile or broken server might send after a normal start, and returns the client's error. */
    private interface Hostile {
        void send(FakeIpiServer.Connection c) throws Exception;
    }

    private static Throwable hostile(Hostile h) throws Exception {
        try (FakeIpiServer server = FakeIpiServer.inet()) {
            Running r = start(server, box, null, 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                h.send(c);
                Throwable t = failure(r);
                assertThat(c.clientClosed()).as("the client hangs up").isTrue();
                return t;
            }
        }
    }

    @Test
    void hostileOrBrokenMessagesAreRefusedWithoutAllocating() throws Exception {
        long before = usedMemory();
        assertThat(hostile(c -> c.sendRaw("POS\u0001DATA\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(IpiProtocolException.class).hasMessageContaining("malformed i-PI header");
        assertThat(hostile(c -> c.send("GIMMEALL"))).isInstanceOf(IpiProtocolException.class)
                .hasMessageContaining("unknown i-PI message 'GIMMEALL'");
        assertThat(hostile(c -> c.send("GETFORCE"))).isInstanceOf(IpiProtocolException.class)
                .hasMessageContaining("before sending positions");
        assertThat(hostile(c -> {
            c.send("POSDATA");
            c.sendDoubles(new double[18]);
            c.sendInt(Integer.MAX_VALUE); // 2^31 - 1 atoms: 51 GB of positions, if one believed it
        })).isInstanceOf(IpiProtocolException.class).hasMessageContaining("sent 2147483647 atoms");
        assertThat(hostile(c -> {
            c.send("POSDATA");
            c.sendDoubles(new double[18]);
            c.sendInt(-5);
        })).isInstanceOf(IpiProtocolException.class).hasMessageContaining("sent -5 atoms");
        assertThat(hostile(c -> {
            c.send("INIT");
            c.sendInt(0);
            c.sendInt(Integer.MAX_VALUE);
        })).isInstanceOf(IpiProtocolException.class).hasMessageContaining("parameter string of 2147483647 bytes");
        assertThat(hostile(c -> {
            c.send("INIT");
            c.sendInt(0);
            c.sendInt(-1);
        })).isInstanceOf(IpiProtocolException.class).hasMessageContaining("of -1 bytes");
        assertThat(usedMemory() - before).as("no large allocation").isLessThan(200L << 20);
    }

    private static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void cellsAndCoordinatesItCannotHandleAreRefusedClearly() throws Exception {
        double[] x = IpiFixtures.bohr(box.positions(), U);
        double[] singular = {9, 0, 0, 0, 9, 0, 0, 0, 0};
        assertThat(hostile(c -> c.positions(singular, x))).isInstanceOf(IpiProtocolException.class)
                .hasMessageContaining("three independent lattice vectors");
        double[] thin = {9, 0, 0, 0, 9, 0, 0, 0, 0.5};
        assertThat(hostile(c -> c.positions(thin, x))).isInstanceOf(IpiProtocolException.class)
                .hasMessageContaining("thin along lattice vector 3");
        double[] tiny = {1.2, 0, 0, 0, 1.2, 0, 0, 0, 1.2};
        assertThat(hostile(c -> c.positions(tiny, x))).isInstanceOf(IpiProtocolException.class)
                .hasMessageContaining("atoms/A^3");
        double[] nan = IpiFixtures.latticeBohr(box, U);
        nan[4] = Double.NaN;
        assertThat(hostile(c -> c.positions(nan, x))).isInstanceOf(IpiProtocolException.class)
                .hasMessageContaining("non-finite");
        double[] badX = x.clone();
        badX[7] = Double.POSITIVE_INFINITY;
        assertThat(hostile(c -> c.positions(IpiFixtures.latticeBohr(box, U), badX)))
                .isInstanceOf(IpiProtocolException.class).hasMessageContaining("non-finite coordinate (atom 2)");
    }

    @Test
    void speciesTheModelsDoNotKnowAreRefusedAtStart() {
        Structure withNa = Structure.builder().symbols("Na", "O", "H").positions(new double[9]).build();
        assertThatThrownBy(() -> new IpiEvaluator(withNa, ff, null, U, null)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("[Na]").hasMessageContaining("force field");
        assertThatThrownBy(() -> new IpiEvaluator(withNa, s -> ff.compute(s), bec, U, null))
                .isInstanceOf(UserInputException.class).hasMessageContaining("BEC model");
        assertThatThrownBy(() -> IpiEvaluator.parsePbc("TT")).isInstanceOf(UserInputException.class);
        assertThat(IpiEvaluator.parsePbc("TFT")).containsExactly(true, false, true);
        assertThat(IpiEvaluator.parsePbc("none")).containsExactly(false, false, false);
        assertThat(IpiEvaluator.parsePbc("auto")).isNull();
    }

    @Test
    void addressesFollowIpiNamingAndTheClientCreatesNoSocketFile() throws Exception {
        assertThat(IpiAddress.unix("h2o").unixPath().toString()).isEqualTo("/tmp/ipi_h2o");
        assertThatThrownBy(() -> IpiAddress.unix("../etc/x")).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> IpiAddress.inet("localhost")).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> IpiAddress.inet("localhost:99999")).isInstanceOf(UserInputException.class);
        assertThat(IpiAddress.inet("[::1]:31415").host()).isEqualTo("::1");
        String name = "zstar-test-" + UUID.randomUUID().toString().substring(0, 8);
        java.nio.file.Path path = java.nio.file.Path.of("/tmp/ipi_" + name);
        assertThatThrownBy(() -> new IpiClient(IpiAddress.unix(name), 0.2, l -> { }).run(
                new IpiDriver(new IpiEvaluator(box, ff, null, U, null), l -> { })))
                .isInstanceOf(UserInputException.class).hasMessageContaining("could not connect");
        assertThat(java.nio.file.Files.exists(path)).as("a client never creates the socket").isFalse();
        try (FakeIpiServer server = FakeIpiServer.unix(name)) {
            Running r = start(server, box, null, 5);
            try (FakeIpiServer.Connection c = server.accept()) {
                double e = c.compute(IpiFixtures.latticeBohr(box, U), IpiFixtures.bohr(box.positions(), U)).energy();
                assertThat(e * U.hartree()).isCloseTo(ff.compute(box).energy(), offset(1e-9));
                c.exit();
            }
            assertThat(r.outcome().get(30, TimeUnit.SECONDS)).isEqualTo(IpiClient.Outcome.EXIT);
        }
    }
}
