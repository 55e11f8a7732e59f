package org.zstar.dft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.cli.Main;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Structure;

/** collect (and run's bookkeeping) on real pw.x / ph.x outputs of QE 6.7 (fixtures/qe-real). */
class QeCollectTest {
    static final Path JOBS = QeFixtures.JOBS;
    static final double BOHR = 0.529177210903;
    static final double RY = 13.605693122994;

    @TempDir
    Path tmp;

    @Test
    void realOutputsGiveAFrameWithBecsForcesEnergyAndDielectric() {
        Structure s = QeFixtures.collectFixture();
        Structure input = Readers.open(QePrepareTest.FIXTURES.resolve("h2o.xyz"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.symbols()).containsExactly("O", "H", "H");
        // the 5 A box comes back to 1e-6 A (celldm(1) is printed with 6 decimals, alat with only 4)
        assertThat(s.cell().lattice()).containsExactly(input.cell().lattice(), within(2e-6));
        assertThat(s.positions()).containsExactly(input.positions(), within(2e-6));
        // "!    total energy              =     -34.25729431 Ry"
        assertThat(s.energy()).isCloseTo(-34.25729431 * RY, within(1e-6));
        // "atom    1 type  2   force =     0.03027513    0.00148562    0.00972420" (Ry/bohr) to eV/A
        double[] f = s.forces();
        double conv = RY / BOHR;
        assertThat(f[0]).isCloseTo(0.7784048888572691, within(1e-6));
        assertThat(f[3] / conv).isCloseTo(Double.parseDouble(forceLine(2)[0]), within(1e-12));
        // ph.x rows "Ex ( ... )" of atom 2 (H): row = field direction, stored as printed
        double[] z = s.bec();
        assertThat(new double[] {z[9], z[10], z[11]}).containsExactly(new double[] {0.21685, 0.00121, 0.06947}, within(1e-12));
        assertThat(new double[] {z[15], z[16], z[17]}).containsExactly(new double[] {0.12704, -0.00372, 0.12861}, within(1e-12));
        assertThat(s.dielectric()[0]).isCloseTo(1.168007656, within(1e-12));
        assertThat(s.dielectric()[4]).isCloseTo(1.225563066, within(1e-12));
        assertThat(s.info()).containsEntry("qe_job", "0000");
    }

    private static String[] forceLine(int atom) {
        try (Stream<String> lines = Files.lines(JOBS.resolve("0000/pw.out"))) {
            String l = lines.filter(x -> x.trim().startsWith("atom    " + atom + " type") && x.contains("force ="))
                    .findFirst().orElseThrow();
            return l.substring(l.indexOf('=') + 1).trim().split("\\s+");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void acousticSumRuleResidualIsSmallAndNotZero() {
        Structure s = QeFixtures.collectFixture();
        double[] z = s.bec();
        double max = 0;
        for (int c = 0; c < 9; c++) {
            double sum = 0;
            for (int j = 0; j < s.size(); j++) {
                sum += z[9 * j + c];
            }
            max = Math.max(max, Math.abs(sum));
        }
        // raw ph.x charges (no ASR imposed): the diagonal sums over atoms are -0.017 (xx), -0.167 (yy) and
        // -0.107 (zz) e here, the off-diagonal ones below 0.02 e: PBE on the FFT grid of a mostly empty 5 A box at
        // 240 Ry breaks translation invariance; printed yy: O -0.83505, H 0.33261, H 0.33510
        assertThat(max).isCloseTo(0.16734, within(1e-9));
        double offDiagonal = 0;
        for (int c : new int[] {1, 2, 3, 5, 6, 7}) {
            offDiagonal = Math.max(offDiagonal, Math.abs(z[c] + z[9 + c] + z[18 + c]));
        }
        assertThat(offDiagonal).isLessThan(0.02);
        // the charges are those of water: O negative, H positive (mean of the diagonal)
        assertThat((z[0] + z[4] + z[8]) / 3).isBetween(-0.8, -0.4);
        assertThat((z[9] + z[13] + z[17]) / 3).isBetween(0.15, 0.4);
    }

    private Path copyFixture() throws Exception {
        Path d = tmp.resolve("jobs");
        Files.createDirectories(d.resolve("0000"));
        for (String n : List.of("pw.in", "ph.in", "pw.out", "ph.out")) {
            Files.copy(JOBS.resolve("0000").resolve(n), d.resolve("0000").resolve(n));
        }
        return d;
    }

    @Test
    void unfinishedAndFailedFoldersAreReported() throws Exception {
        Path d = copyFixture(); // no manifest: folders are the sub-folders holding pw.in
        Files.createDirectories(d.resolve("0001"));
        Files.copy(d.resolve("0000/pw.in"), d.resolve("0001/pw.in"));
        Files.createDirectories(d.resolve("0002"));
        Files.copy(d.resolve("0000/pw.in"), d.resolve("0002/pw.in"));
        List<String> head = Files.readAllLines(d.resolve("0000/pw.out")).subList(0, 200);
        Files.write(d.resolve("0002/pw.out"), head);
        Files.createDirectories(d.resolve("0003"));
        Files.copy(d.resolve("0000/pw.in"), d.resolve("0003/pw.in"));
        Files.copy(d.resolve("0000/pw.out"), d.resolve("0003/pw.out"));
        assertThat(QeJobs.state(d.resolve("0000"))).isEqualTo(QeJobs.State.DONE);
        assertThat(QeJobs.state(d.resolve("0001"))).isEqualTo(QeJobs.State.PENDING);
        assertThat(QeJobs.state(d.resolve("0002"))).isEqualTo(QeJobs.State.FAILED);
        assertThat(QeJobs.state(d.resolve("0003"))).isEqualTo(QeJobs.State.PW_DONE);
        QeCollector.Result r = QeCollector.collect(d);
        assertThat(r.frames()).hasSize(1);
        assertThat(r.unfinished()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.problems()).anyMatch(p -> p.startsWith("0001: not run"))
                .anyMatch(p -> p.startsWith("0002: pw.out did not finish")).anyMatch(p -> p.startsWith("0003: pw.x finished"));
    }

    @Test
    void collectCommandWritesExtendedXyzThatReadsBack() throws Exception {
        Path out = tmp.resolve("h2o.xyz");
        int code = run("dft", "qe", "collect", JOBS.toString(), "--out", out.toString());
        assertThat(code).isZero();
        Structure back = Readers.open(out, ReadOptions.DEFAULTS).readAll().get(0);
        Structure s = QeFixtures.collectFixture();
        assertThat(back.bec()).containsExactly(s.bec(), within(1e-15));
        assertThat(back.forces()).containsExactly(s.forces(), within(1e-15));
        assertThat(back.dielectric()).containsExactly(s.dielectric(), within(1e-15));
        assertThat(back.energy()).isEqualTo(s.energy());
    }

    private static int run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void runSkipsFinishedFoldersAndSaysWhenPwIsMissing() throws Exception {
        Path d = copyFixture();
        assertThatThrownBy(() -> QeRunner.executable("no-such-pw.x", "--pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apt-get install quantum-espresso").hasMessageContaining("--pw");
        assertThat(run("dft", "qe", "run", d.toString(), "--pw", "no-such-pw.x")).isEqualTo(Main.EXIT_USAGE);
        // fake pw.x / ph.x: print QE's last line, create scratch; the finished folder must not be touched
        Path fake = tmp.resolve("fake-qe.sh");
        Files.writeString(fake, "#!/bin/sh\nmkdir -p tmp\necho \"$@\"\necho '   JOB DONE.'\n");
        Files.setPosixFilePermissions(fake, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        Files.createDirectories(d.resolve("0001"));
        Files.copy(d.resolve("0000/pw.in"), d.resolve("0001/pw.in"));
        Files.copy(d.resolve("0000/ph.in"), d.resolve("0001/ph.in"));
        long before = Files.getLastModifiedTime(d.resolve("0000/ph.out")).toMillis();
        List<QeRunner.Outcome> outcomes = QeRunner.run(d, new QeRunner.Options(fake.toString(), fake.toString(), 1,
                "mpirun", 2, false), o -> { });
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0).skipped()).isTrue();
        assertThat(outcomes.get(1).after()).isEqualTo(QeJobs.State.DONE);
        assertThat(Files.readString(d.resolve("0001/pw.out"))).startsWith("-in pw.in");
        assertThat(Files.readString(d.resolve("0001/ph.out"))).startsWith("-in ph.in");
        assertThat(d.resolve("0001/tmp")).doesNotExist();
        assertThat(Files.getLastModifiedTime(d.resolve("0000/ph.out")).toMillis()).isEqualTo(before);
        // a failing pw.x: reported with QE's error text, and the folder stays FAILED
        Path failing = tmp.resolve("failing.sh");
        Files.writeString(failing, "#!/bin/sh\necho ' %%%%%%%%'\necho '     Error in routine cdiaghg (1):'\n"
                + "echo '     problems computing cholesky'\necho ' %%%%%%%%'\nexit 1\n");
        Files.setPosixFilePermissions(failing, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE));
        Files.delete(d.resolve("0001/ph.out"));
        Files.delete(d.resolve("0001/pw.out"));
        List<QeRunner.Outcome> again = QeRunner.run(d, new QeRunner.Options(failing.toString(), fake.toString(), 1,
                "mpirun", 1, false), o -> { });
        assertThat(again.get(1).after()).isEqualTo(QeJobs.State.FAILED);
        assertThat(again.get(1).message()).contains("Error in routine cdiaghg (1): problems computing cholesky");
    }
}
