package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.structure.Structure;
import org.zstar.testutil.TestFixtures;
import org.zstar.util.UserInputException;

class FormatRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void namesAreUniqueAndParseBack() {
        Set<String> seen = new HashSet<>();
        for (Format f : Format.values()) {
            assertThat(seen.add(f.cliName())).as(f.cliName()).isTrue();
            assertThat(Format.parse(f.cliName())).isEqualTo(f);
            assertThat(Format.parse(f.name())).isEqualTo(f);
            assertThat(Format.helpList()).contains(f.cliName() + " = " + f.description());
        }
        assertThat(Format.parse("lammps-dump")).isEqualTo(Format.LAMMPS_DUMP);
    }

    @Test
    void anUnknownFormatIsTheUsersMistakeAndListsTheKnownOnes() {
        assertThatThrownBy(() -> Format.parse("cif")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("unknown format 'cif'").hasMessageContaining("lammps, pw-out");
    }

    /** A fixture of every format (under src/test/resources/fixtures) and the format it must be detected as. */
    static final String[][] DETECTED = {{"io/small.extxyz", "EXTXYZ"}, {"io/plain.xyz", "EXTXYZ"},
        {"io/OUTCAR", "VASP_OUTCAR"}, {"io/XDATCAR", "VASP_XDATCAR"}, {"io/POSCAR-direct", "VASP_POSCAR"},
        {"io/BORN_NaCl-test", "PHONOPY_BORN"}, {"io/alas.pw.in", "QE_PW_INPUT"}, {"io/alas.relax.out", "QE_PW_OUTPUT"},
        {"io/qe-run", "QE_DIRECTORY"}, {"io/qe-run/alas.ph.out", "QE_PH_OUTPUT"}, {"ir/ortho.lammpstrj", "LAMMPS_DUMP"},
        {"ir/triclinic-scaled.lammpstrj", "LAMMPS_DUMP"}};

    static Stream<Arguments> detected() {
        return Arrays.stream(DETECTED).map(d -> Arguments.of(d[0], Format.valueOf(d[1])));
    }

    @ParameterizedTest
    @MethodSource("detected")
    void everyFixtureIsDetected(String fixture, Format expected) {
        assertThat(Readers.detect(TestFixtures.fixture(fixture))).isEqualTo(expected);
    }

    @Test
    void everyFormatHasADetectionFixture() {
        // a new Format constant needs a fixture in DETECTED (README, "Layout": adding a file format)
        Set<Format> covered = EnumSet.noneOf(Format.class);
        detected().forEach(a -> covered.add((Format) a.get()[1]));
        assertThat(covered).containsExactlyInAnyOrder(Format.values());
    }

    @Test
    void contentWinsOverTheName() throws Exception {
        // a LAMMPS dump named like an XYZ file, and an extended XYZ file named like a POSCAR
        Path dump = tmp.resolve("traj.xyz");
        Files.copy(TestFixtures.fixture("ir/ortho.lammpstrj"), dump);
        assertThat(Readers.detect(dump)).isEqualTo(Format.LAMMPS_DUMP);
        Path xyz = tmp.resolve("POSCAR-like");
        Files.copy(TestFixtures.fixture("io/small.extxyz"), xyz);
        assertThat(Readers.detect(xyz)).isEqualTo(Format.EXTXYZ);
    }

    @Test
    void lammpsDumpsAreReadThroughTheRegistryWithTheirOptions() {
        ReadOptions o = ReadOptions.builder().lammpsTypes(Map.of(1, "O", 2, "H")).lammpsUnits(LammpsUnits.REAL).build();
        List<Structure> viaRegistry = Readers.open(TestFixtures.fixture("ir/ortho.lammpstrj"), o).readAll();
        List<Structure> direct = new LammpsDumpReader(TestFixtures.fixture("ir/ortho.lammpstrj"),
                Map.of(1, "O", 2, "H"), LammpsDumpReader.REAL_VELOCITY_TO_A_PER_FS).readAll();
        assertThat(viaRegistry).hasSameSizeAs(direct).isNotEmpty();
        for (int i = 0; i < direct.size(); i++) {
            assertThat(viaRegistry.get(i).positions()).containsExactly(direct.get(i).positions());
            assertThat(viaRegistry.get(i).velocities()).containsExactly(direct.get(i).velocities());
            assertThat(viaRegistry.get(i).symbols()).isEqualTo(direct.get(i).symbols());
        }
        // metal units divide velocities by 1000 relative to real units
        List<Structure> metal = Readers.open(TestFixtures.fixture("ir/ortho.lammpstrj"),
                o.toBuilder().lammpsUnits(LammpsUnits.METAL).build()).readAll();
        assertThat(metal.get(0).velocities()[0] * 1e3).isEqualTo(direct.get(0).velocities()[0],
                org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void theWriterRegistryStreamsAndWritesNothingUntilClosed() {
        List<Structure> frames = Readers.open(TestFixtures.fixture("io/small.extxyz"), null).readAll();
        Path out = tmp.resolve("copy.extxyz");
        FrameWriter w = Format.EXTXYZ.openWriter(out);
        for (Structure s : frames) {
            w.write(s);
        }
        assertThat(out).doesNotExist();
        w.close();
        List<Structure> back = Readers.open(out, null).readAll();
        assertThat(back).hasSameSizeAs(frames);
        assertThat(back.get(0).positions()).containsExactly(frames.get(0).positions());

        Path aborted = tmp.resolve("aborted.extxyz");
        FrameWriter a = Format.EXTXYZ.openWriter(aborted);
        a.write(frames.get(0));
        a.abort();
        assertThat(aborted).doesNotExist();
        assertThat(tmp.toFile().list()).containsExactlyInAnyOrder("copy.extxyz");
    }

    @Test
    void formatsWithoutAWriterSaySoAndNameTheWritableOnes() {
        assertThat(Format.VASP_OUTCAR.canWrite()).isFalse();
        assertThatThrownBy(() -> Format.VASP_OUTCAR.openWriter(tmp.resolve("OUTCAR")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("extxyz");
    }

    @Test
    void aReaderIsIterableOnceAndHasNextNoLongerThrows() {
        List<Structure> seen = new ArrayList<>();
        try (FrameReader r = Readers.open(TestFixtures.fixture("io/small.extxyz"), null)) {
            for (Structure s : r) {
                seen.add(s);
            }
            assertThat(r.iterator().hasNext()).isFalse();
        }
        assertThat(seen).hasSize(Readers.open(TestFixtures.fixture("io/small.extxyz"), null).readAll().size());
    }
}
