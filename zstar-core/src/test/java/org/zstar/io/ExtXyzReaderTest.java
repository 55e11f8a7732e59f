package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Structure;

class ExtXyzReaderTest {

    @Test
    void readsLatticePropertiesAndKeyValues() {
        List<Structure> frames = Readers.open(Fixtures.io("small.extxyz"), ReadOptions.DEFAULTS).readAll();
        assertThat(frames).hasSize(2);
        Structure s = frames.get(0);
        assertThat(s.symbols()).containsExactly("Na", "Cl", "H");
        assertThat(s.cell().lattice()).containsExactly(5.0, 0.0, 0.0, 0.5, 6.0, 0.0, 0.0, 0.0, 7.0);
        assertThat(s.cell().pbc()).containsExactly(true, true, false);
        assertThat(s.positions()).containsExactly(0.0, 0.0, 0.0, 2.5, 3.0, 3.5, 1.0, 1.0, 1.0);
        assertThat(s.forces()).startsWith(0.1, 0.2, 0.3, -0.1);
        assertThat(s.energy()).isEqualTo(-12.5);
        // Voigt xx yy zz yz xz xy -> full 3x3
        assertThat(s.stress()).containsExactly(0.1, 0.6, 0.5, 0.6, 0.2, 0.4, 0.5, 0.4, 0.3);
        assertThat(s.dipole()).containsExactly(0.1, -0.2, 0.3);
        // born_charge:R:9 row-major, rows = field: stored as read
        assertThat(s.atomArray(Structure.BEC)).startsWith(1.1, 0.2, 0.0, -0.1, 1.2, 0.0, 0.0, 0.0, 1.3);
        assertThat(s.atomArray(Structure.CHARGES)).containsExactly(0.9, -0.9, 0.0);
        Map<String, Object> info = s.info();
        assertThat(info.get("config_type")).isEqualTo("bulk");
        assertThat(info.get("note")).isEqualTo("two words");
        assertThat(info.get("flag")).isEqualTo(Boolean.TRUE);
        assertThat((double[]) info.get("nested")).containsExactly(1, 2, 3);
        assertThat(info.get("meta")).isEqualTo(Map.of("a", List.of(1, 2)));
    }

    @Test
    void momentaBecomeVelocitiesInAngstromPerFs() {
        Structure h2 = Readers.open(Fixtures.io("small.extxyz"), ReadOptions.DEFAULTS).readAll().get(1);
        assertThat(h2.cell()).isNull();
        assertThat(h2.energy()).isEqualTo(-3.0);
        // p = 1.008 amu*A/t_ASE for H (1.008 amu): v = 1 A/t_ASE = 0.0982269 A/fs; 10.18 fs per ASE time unit
        double[] v = h2.velocities();
        assertThat(v[0]).isCloseTo(0.09822694788464063, within(1e-12));
        assertThat(v[4]).isCloseTo(-2 * 0.09822694788464063, within(1e-12));
    }

    @Test
    void perFrameJsonBecAndDisplacementRowsTranspose() {
        Structure s = Readers.open(Fixtures.io("json-bec.extxyz"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.atomArray(Structure.BEC)).startsWith(1.0, 0.2, 0.0, 0.1, 1.0, 0.0, 0.0, 0.0, 1.0);
        Structure t = Readers.open(Fixtures.io("json-bec.extxyz"),
                ReadOptions.builder().becRows(BecRows.DISPLACEMENT).build()).readAll().get(0);
        assertThat(t.atomArray(Structure.BEC)).startsWith(1.0, 0.1, 0.0, 0.2, 1.0, 0.0, 0.0, 0.0, 1.0);
    }

    @Test
    void commentLinesOver40kB() {
        Structure s = Readers.open(Fixtures.io("long-comment.extxyz"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.size()).isEqualTo(1000);
        assertThat(s.atomArray(Structure.BEC)[9 * 999]).isEqualTo(-1.0);
        assertThat(s.energy()).isEqualTo(-1.0);
    }

    @Test
    void plainXyzWithFreeTextCommentIsAMolecule() {
        Structure s = Readers.open(Fixtures.io("plain.xyz"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.symbols()).containsExactly("O", "H", "H");
        assertThat(s.cell()).isNull();
        assertThat(s.x(1, 0)).isEqualTo(0.757);
        assertThat(s.info().get("comment")).isEqualTo("water molecule, \"unbalanced quote");
    }

    @Test
    void atomicNumberColumnInsteadOfSpecies() {
        Structure s = Readers.open(Fixtures.io("z-column.extxyz"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.symbols()).containsExactly("O", "H");
        assertThat(s.x(1, 2)).isEqualTo(0.96);
    }

    @Test
    void detectsFormats() {
        assertThat(Readers.detect(Fixtures.io("small.extxyz"))).isEqualTo(Format.EXTXYZ);
        assertThat(Readers.detect(Fixtures.io("OUTCAR"))).isEqualTo(Format.VASP_OUTCAR);
        assertThat(Readers.detect(Fixtures.io("POSCAR-direct"))).isEqualTo(Format.VASP_POSCAR);
        assertThat(Readers.detect(Fixtures.io("XDATCAR"))).isEqualTo(Format.VASP_XDATCAR);
        assertThat(Readers.detect(Fixtures.io("alas.pw.in"))).isEqualTo(Format.QE_PW_INPUT);
        assertThat(Readers.detect(Fixtures.io("alas.relax.out"))).isEqualTo(Format.QE_PW_OUTPUT);
        assertThat(Readers.detect(Fixtures.io("qe-run/alas.ph.out"))).isEqualTo(Format.QE_PH_OUTPUT);
        assertThat(Readers.detect(Fixtures.io("qe-run"))).isEqualTo(Format.QE_DIRECTORY);
        assertThat(Readers.detect(Fixtures.io("BORN_NaCl-test"))).isEqualTo(Format.PHONOPY_BORN);
        assertThat(Format.parse("outcar")).isEqualTo(Format.VASP_OUTCAR);
        assertThat(Format.parse("VASP_OUTCAR")).isEqualTo(Format.VASP_OUTCAR);
    }

    @Test
    void readAllConcatenatesFiles() {
        List<Structure> all = Readers.readAll(List.of(Fixtures.io("small.extxyz"), Fixtures.io("json-bec.extxyz")),
                ReadOptions.DEFAULTS);
        assertThat(all).hasSize(3);
        assertThat(Readers.open(Fixtures.io("small.extxyz"), ReadOptions.builder().lastFrameOnly(true).build())
                .readAll()).singleElement().extracting(Structure::size).isEqualTo(2);
    }
}
