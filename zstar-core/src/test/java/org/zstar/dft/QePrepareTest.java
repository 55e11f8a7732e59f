package org.zstar.dft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.Format;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

public class QePrepareTest {
    public static final Path FIXTURES = org.zstar.testutil.TestFixtures.fixture("qe-real");

    @TempDir
    Path tmp;

    static Structure triclinic(long seed) {
        Random r = new Random(seed);
        double[] lattice = {6.1, 0.2, -0.1, 0.4, 5.8, 0.3, -0.2, 0.5, 6.4};
        String[] sym = {"O", "H", "H", "O", "H", "H"};
        double[] pos = new double[18];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = 6 * r.nextDouble();
        }
        return Structure.builder().symbols(sym).positions(pos).cell(new Cell(lattice, new boolean[] {true, true, true}))
                .build();
    }

    private Path pseudoDir(String... names) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("pseudo"));
        for (String n : names) {
            Files.writeString(d.resolve(n), "<UPF version=\"2.0.1\">\n</UPF>\n");
        }
        return d;
    }

    private QeSettings settings(Path pseudoDir, Map<String, String> pseudos) {
        return new QeSettings(35, 280.0, new int[] {1, 1, 1}, pseudoDir, pseudos, "pbe", 1e-10, 1e-12);
    }

    @Test
    void preparedPwInputsReadBackAsTheSameStructures() throws Exception {
        Path pd = pseudoDir("O.pbe-rrkjus.UPF", "O.pbesol-n-rrkjus_psl.0.1.UPF", "H.pbe-kjpaw.UPF");
        List<QeJobs.Job> jobs = List.of(new QeJobs.Job(triclinic(1), "a.xyz", 0), new QeJobs.Job(triclinic(2), "a.xyz", 1));
        List<Path> folders = QeJobs.prepare(jobs, tmp.resolve("jobs"), settings(pd, Map.of()));
        assertThat(folders).extracting(p -> p.getFileName().toString()).containsExactly("0000", "0001");
        for (int k = 0; k < 2; k++) {
            Structure expected = jobs.get(k).structure();
            Path pwIn = folders.get(k).resolve(QeJobs.PW_IN);
            assertThat(Readers.detect(pwIn)).isEqualTo(Format.QE_PW_INPUT);
            Structure s = Readers.open(pwIn, ReadOptions.DEFAULTS).readAll().get(0);
            assertThat(s.symbols()).containsExactly(expected.symbols());
            assertThat(s.positions()).containsExactly(expected.positions(), within(1e-9));
            assertThat(s.cell().lattice()).containsExactly(expected.cell().lattice(), within(1e-9));
            String pw = Files.readString(pwIn);
            assertThat(pw).contains("tprnfor = .true.", "ecutwfc = 35", "ecutrho = 280", "input_dft = 'PBE'",
                    "O.pbe-rrkjus.UPF", "H.pbe-kjpaw.UPF", "K_POINTS automatic\n  1 1 1 0 0 0\n");
            assertThat(pw.toLowerCase()).doesNotContain("gamma");
            String ph = Files.readString(folders.get(k).resolve(QeJobs.PH_IN));
            assertThat(ph).contains("epsil = .true.", "trans = .false.", "prefix = 'zstar'", "outdir = './tmp'")
                    .endsWith("0.0 0.0 0.0\n");
            assertThat(QeJobs.state(folders.get(k))).isEqualTo(QeJobs.State.PENDING);
        }
        Map<?, ?> manifest = new ObjectMapper().readValue(tmp.resolve("jobs/manifest.json").toFile(), Map.class);
        assertThat(manifest.get("format")).isEqualTo(QeJobs.MANIFEST_FORMAT);
        assertThat(manifest.get("pseudopotentials")).isEqualTo(Map.of("H", "H.pbe-kjpaw.UPF", "O", "O.pbe-rrkjus.UPF"));
        assertThat((List<?>) manifest.get("frames")).hasSize(2);
        assertThat(QeJobs.folders(tmp.resolve("jobs"))).isEqualTo(folders);
    }

    @Test
    void pseudopotentialLookupNeedsExactlyOneCandidate() throws Exception {
        Path pd = pseudoDir("O.pbe-rrkjus.UPF", "O.pbe-kjpaw.UPF", "O.pbesol-n-kjpaw_psl.0.1.UPF", "H.pbe-kjpaw.UPF",
                "Hg.pbe-x.UPF");
        QeSettings s = settings(pd, Map.of());
        assertThat(s.resolvePseudopotentials(List.of("H"))).containsExactly(Map.entry("H", "H.pbe-kjpaw.UPF"));
        assertThatThrownBy(() -> s.resolvePseudopotentials(List.of("O"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("O.pbe-kjpaw.UPF").hasMessageContaining("O.pbe-rrkjus.UPF")
                .hasMessageContaining("--pseudo");
        assertThat(settings(pd, Map.of("O", "O.pbe-kjpaw.UPF")).resolvePseudopotentials(List.of("O", "H")))
                .containsEntry("O", "O.pbe-kjpaw.UPF");
        assertThatThrownBy(() -> settings(pd, Map.of("O", "O.missing.UPF")).resolvePseudopotentials(List.of("O")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in");
        assertThat(QeSettings.namesFunctional("o.pbesol-n-kjpaw.upf", "pbe")).isFalse();
        assertThat(QeSettings.namesFunctional("o_pbe_tm.upf", "pbe")).isTrue();
    }

    @Test
    void moleculesWithoutACellAreRefused() throws Exception {
        Path pd = pseudoDir("O.pbe-rrkjus.UPF", "H.pbe-kjpaw.UPF");
        Structure mol = Structure.builder().symbols("O", "H", "H").positions(new double[] {0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0})
                .build();
        assertThatThrownBy(() -> QeJobs.prepare(List.of(new QeJobs.Job(mol, "m.xyz", 0)), tmp.resolve("j"),
                settings(pd, Map.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("periodic");
        assertThat(tmp.resolve("j")).doesNotExist();
    }

    @Test
    void theCommittedRealInputIsWhatPrepareWrites() throws Exception {
        Structure h2o = Readers.open(FIXTURES.resolve("h2o.xyz"), ReadOptions.DEFAULTS).readAll().get(0);
        QeSettings s = new QeSettings(30, 240.0, new int[] {1, 1, 1}, QeSettings.DEBIAN_PSEUDO_DIR, Map.of(), "pbe",
                1e-10, 1e-12);
        Map<String, String> pseudos = Map.of("O", "O.pbe-rrkjus.UPF", "H", "H.pbe-kjpaw.UPF");
        assertThat(QeInputs.pw(h2o, s, pseudos)).isEqualTo(Files.readString(FIXTURES.resolve("jobs/0000/pw.in")));
        assertThat(QeInputs.ph(s)).isEqualTo(Files.readString(FIXTURES.resolve("jobs/0000/ph.in")));
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new QeSettings(0, null, new int[] {1, 1, 1}, tmp, Map.of(), null, 1e-10, 1e-12))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QeSettings(30, 60.0, new int[] {1, 1, 1}, tmp, Map.of(), null, 1e-10, 1e-12))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ecutrho");
        assertThatThrownBy(() -> new QeSettings(30, null, new int[] {1, 0, 1}, tmp, Map.of(), null, 1e-10, 1e-12))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(QeInputs.fortran(1e-10)).isEqualTo("1.000000d-10");
    }
}
