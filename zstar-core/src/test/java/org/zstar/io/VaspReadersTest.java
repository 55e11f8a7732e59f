package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Structure;

class VaspReadersTest {

    @Test
    void outcarTakesTheLastLocalFieldBecBlockWithRowsAsField() {
        List<Structure> frames = Readers.open(Fixtures.io("OUTCAR"), ReadOptions.DEFAULTS).readAll();
        assertThat(frames).hasSize(1);
        Structure s = frames.get(0);
        assertThat(s.symbols()).containsExactly("Na", "Cl");
        assertThat(s.cell().lattice()).containsExactly(0, 2.82, 2.82, 2.82, 0, 2.82, 2.82, 2.82, 0);
        assertThat(s.positions()).containsExactly(0, 0, 0, 2.82, 2.82, 2.82);
        assertThat(s.forces()).containsExactly(0.01, -0.02, 0.03, -0.01, 0.02, -0.03);
        assertThat(s.energy()).isEqualTo(-6.12345678);
        assertThat(s.info().get("energy_sigma0")).isEqualTo(-6.12172839);
        assertThat(s.dielectric()).containsExactly(2.5, 0.01, 0, 0.01, 2.6, 0, 0, 0, 2.7);
        // line "1" of ion 1 = field x: Z[0][0][*] = (1.1, 0.05, 0); line "2": (-0.02, 1.1, 0)
        assertThat(s.atomArray(Structure.BEC)).containsExactly(
                1.1, 0.05, 0, -0.02, 1.1, 0, 0, 0, 1.12,
                -1.1, -0.05, 0, 0.02, -1.1, 0, 0, 0, -1.12);
    }

    @Test
    void outcarWithTwoIonicStepsStreamsTwoFramesAndAttachesTheBecToTheLast() {
        try (FrameReader r = Readers.open(Fixtures.io("OUTCAR-2steps"), ReadOptions.DEFAULTS)) {
            Structure first = r.readNext();
            assertThat(first.energy()).isEqualTo(-6.12345678);
            assertThat(first.has(Structure.BEC)).isFalse();
            assertThat(first.dielectric()).isNull();
            assertThat(first.cell().vector(0, 1)).isEqualTo(2.82);
            Structure second = r.readNext();
            assertThat(second.energy()).isEqualTo(-6.2);
            assertThat(second.cell().vector(0, 1)).isEqualTo(2.83);
            assertThat(second.positions()).startsWith(0.01, 0.0, 0.0, 2.83);
            assertThat(second.forces()).startsWith(0.11, -0.12, 0.13);
            assertThat(second.atomArray(Structure.BEC)).startsWith(1.1, 0.05, 0.0, -0.02);
            assertThat(second.dielectric()).startsWith(2.5, 0.01);
            assertThat(r.readNext()).isNull();
        }
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path gz = tmp.resolve("OUTCAR-compressed"); // no .gz suffix on purpose
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            out.write(java.nio.file.Files.readAllBytes(Fixtures.io("OUTCAR")));
        }
        Structure s = Readers.open(gz, ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.atomArray(Structure.BEC)).startsWith(1.1, 0.05);
    }

    @Test
    void poscarDirectCartesianSelectiveAndVolumeScaleAgree() {
        Structure direct = Readers.open(Fixtures.io("POSCAR-direct"), ReadOptions.DEFAULTS).readAll().get(0);
        Structure cart = Readers.open(Fixtures.io("POSCAR-cartesian-selective"), ReadOptions.DEFAULTS).readAll().get(0);
        Structure vol = Readers.open(Fixtures.io("POSCAR-volume"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(direct.symbols()).containsExactly("Na", "Cl");
        assertThat(cart.symbols()).containsExactly("Na", "Cl");
        assertThat(direct.positions()).containsExactly(new double[] {0, 0, 0, 2.82, 2.82, 2.82}, within(1e-12));
        for (Structure s : List.of(cart, vol)) {
            assertThat(s.positions()).containsExactly(direct.positions(), within(1e-9));
            assertThat(s.cell().lattice()).containsExactly(direct.cell().lattice(), within(1e-9));
        }
        assertThat(vol.cell().volume()).isCloseTo(44.851536, within(1e-6));
    }

    @Test
    void vasp4PoscarNeedsSpecies() {
        assertThatThrownBy(() -> Readers.open(Fixtures.io("POSCAR-vasp4"), ReadOptions.DEFAULTS).readAll())
                .isInstanceOf(InputFormatException.class).hasMessageContaining("POSCAR-vasp4:6")
                .hasMessageContaining("species");
        Structure s = Readers.open(Fixtures.io("POSCAR-vasp4"),
                ReadOptions.builder().species(List.of("Na", "Cl")).build()).readAll().get(0);
        assertThat(s.symbols()).containsExactly("Na", "Cl");
        assertThat(s.x(1, 2)).isCloseTo(2.82, within(1e-12));
    }

    @Test
    void xdatcarFixedAndVariableCell() {
        List<Structure> fixed = Readers.open(Fixtures.io("XDATCAR"), ReadOptions.DEFAULTS).readAll();
        assertThat(fixed).hasSize(3);
        assertThat(fixed.get(2).x(0, 0)).isCloseTo(0.02 * 5.64, within(1e-12));
        assertThat(fixed.get(2).x(1, 1)).isCloseTo(0.48 * 5.64, within(1e-12));
        assertThat(fixed.get(2).info().get("configuration")).isEqualTo(3L);
        List<Structure> npt = Readers.open(Fixtures.io("XDATCAR-npt"), ReadOptions.DEFAULTS).readAll();
        assertThat(npt).hasSize(2);
        assertThat(npt.get(0).cell().vector(0, 0)).isEqualTo(5.64);
        assertThat(npt.get(1).cell().vector(0, 0)).isEqualTo(5.7);
        // Cartesian of fractional (0.5, 0.5, 0.5) in the second cell: 0.5*(a1 + a2 + a3)
        assertThat(npt.get(1).x(1, 1)).isCloseTo(0.5 * (5.64 + 0.1), within(1e-12));
        assertThat(npt.get(1).x(0, 0)).isCloseTo(0.57, within(1e-12));
    }

    @Test
    void phonopyBornWithOneTensorPerAtomMapsToAtoms() {
        Structure s = Readers.open(Fixtures.io("BORN_NaCl-test"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.dielectric()).containsExactly(2.5, 0, 0, 0, 2.5, 0, 0, 0, 2.5);
        assertThat(s.atomArray(Structure.BEC)).startsWith(1.1, 0.05, 0.0, -0.02, 1.1);
        assertThat((double[]) s.info().get("born_independent_atoms")).containsExactly(1, 2);
        PhonopyBorn b = PhonopyBorn.read(Fixtures.io("BORN_NaCl-test"), BecRows.DISPLACEMENT);
        assertThat(b.factor()).isNull();
        assertThat(b.independentTensors().get(0)).startsWith(1.1, -0.02, 0.0, 0.05, 1.1);
    }
}
