package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Structure;

class QeReadersTest {
    static final double BOHR = 0.529177210903;
    static final double RY = 13.605693122994;

    @Test
    void pwInputInAngstromCrystalAndInAlatGiveTheSameStructure() {
        Structure a = Readers.open(Fixtures.io("alas.pw.in"), ReadOptions.DEFAULTS).readAll().get(0);
        Structure b = Readers.open(Fixtures.io("alas-alat.pw.in"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(a.symbols()).containsExactly("Al", "As");
        // As at crystal (1/4,1/4,1/4) of QE's fcc cell a1=(-1,0,1)a/2, a2=(0,1,1)a/2, a3=(-1,1,0)a/2:
        // (a/4)(-1,1,1) with a/2 = 2.8045 A
        assertThat(a.positions()).containsExactly(new double[] {0, 0, 0, -1.40225, 1.40225, 1.40225}, within(1e-12));
        double alat = 10.6 * BOHR;
        assertThat(b.positions()).containsExactly(new double[] {0, 0, 0, -alat / 4, alat / 4, alat / 4}, within(1e-12));
        assertThat(a.positions()).containsExactly(b.positions(), within(1e-4)); // 2.8045 vs 10.6 bohr / 2
        assertThat(b.cell().lattice()[0]).isCloseTo(-alat / 2, within(1e-12));
        assertThat(a.info().get("prefix")).isEqualTo("alas");
    }

    @Test
    void pwInputIbrav1WithCelldmAndBohrPositions() {
        Structure s = Readers.open(Fixtures.io("sc.pw.in"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.cell().lattice()).containsExactly(new double[] {10 * BOHR, 0, 0, 0, 10 * BOHR, 0, 0, 0, 10 * BOHR},
                within(1e-12));
        assertThat(s.x(1, 2)).isCloseTo(5 * BOHR, within(1e-12));
    }

    @Test
    void pwOutputEnergyForcesStressInEvAndAngstrom() {
        Structure s = Readers.open(Fixtures.io("qe-run/alas.scf.out"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.energy()).isCloseTo(-16.91451720 * RY, within(1e-9));
        assertThat(s.forces()[0]).isCloseTo(0.001 * RY / BOHR, within(1e-12));
        assertThat(s.forces()[5]).isCloseTo(-0.003 * RY / BOHR, within(1e-12));
        // QE prints -dE/de/V (negative = tensile); ASE-convention stress has the opposite sign
        assertThat(s.stress()[0]).isCloseTo(0.00006234 * RY / (BOHR * BOHR * BOHR), within(1e-12));
        assertThat(s.x(1, 0)).isCloseTo(0.25 * 10.6 * BOHR, within(1e-12));
        assertThat(s.cell().vector(0, 0)).isCloseTo(-0.5 * 10.6 * BOHR, within(1e-12));
    }

    @Test
    void pwRelaxationGivesOneFramePerScfStep() {
        List<Structure> frames = Readers.open(Fixtures.io("alas.relax.out"), ReadOptions.DEFAULTS).readAll();
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).x(0, 0)).isEqualTo(0.0);
        assertThat(frames.get(1).x(0, 0)).isEqualTo(0.01);
        assertThat(frames.get(1).energy()).isCloseTo(-16.914 * RY, within(1e-9));
        assertThat(frames.get(0).forces()[0]).isCloseTo(0.002 * RY / BOHR, within(1e-12));
        List<Structure> last = Readers.open(Fixtures.io("alas.relax.out"),
                ReadOptions.builder().lastFrameOnly(true).build()).readAll();
        assertThat(last).singleElement().extracting(Structure::energy).isEqualTo(frames.get(1).energy());
    }

    @Test
    void phOutputAloneIsAFrameWithRowsAsField() {
        Structure s = Readers.open(Fixtures.io("qe-run/alas.ph.out"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.x(1, 2)).isCloseTo(0.25 * 10.6 * BOHR, within(1e-9));
        // row Ex of atom 1 = (2.12, 0.10, 0) -> Z[0][x][*]; raw block (without asr) by default
        assertThat(s.atomArray(Structure.BEC)).containsExactly(
                2.12, 0.10, 0, -0.03, 2.13, 0, 0, 0, 2.155,
                -2.10, -0.10, 0, 0.03, -2.12, 0, 0, 0, -2.135);
        assertThat(s.dielectric()).containsExactly(9.109822143, 0, 0.02, 0, 9.109822143, -0.0, 0.01, -0.0, 9.209822143);
        Structure asr = Readers.open(Fixtures.io("qe-run/alas.ph.out"), ReadOptions.builder().phononAsr(true).build())
                .readAll().get(0);
        assertThat(asr.atomArray(Structure.BEC)).startsWith(2.11, 0.10, 0, -0.03, 2.125);
    }

    @Test
    void directoryMergesPwAndPh() {
        Structure s = Readers.open(Fixtures.io("qe-run"), ReadOptions.DEFAULTS).readAll().get(0);
        assertThat(s.energy()).isCloseTo(-16.91451720 * RY, within(1e-9));
        assertThat(s.forces()[0]).isCloseTo(0.001 * RY / BOHR, within(1e-12));
        assertThat(s.atomArray(Structure.BEC)[1]).isEqualTo(0.10);
        assertThat(s.dielectric()[2]).isEqualTo(0.02);
        assertThat(s.x(1, 0)).isCloseTo(0.25 * 10.6 * BOHR, within(1e-12)); // pw.x positions (7 decimals)
    }
}
