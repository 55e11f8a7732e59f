package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zstar.analysis.BecSumRules;
import org.zstar.analysis.BecSummary;
import org.zstar.structure.Structure;
import org.zstar.testutil.SharedData;

/** Integration tests on the real DFT data in ../shared/data (skipped when absent). */
class SharedDataReadersTest {

    private static BecSummary summarise(Path p, ReadOptions o) {
        BecSummary s = new BecSummary();
        try (FrameReader r = Readers.open(p, o)) {
            Structure f;
            while ((f = r.readNext()) != null) {
                s.accept(f);
            }
        }
        return s;
    }

    @Test
    void allZro2OutcarsAre96AtomFramesObeyingTheAcousticSumRule() {
        Path dir = SharedData.require("zro2-vasp-outcar");
        double maxAntisym = 0;
        for (int k = 1; k <= 119; k++) {
            Path p = dir.resolve("OUTCAR." + k + ".gz");
            assertThat(Readers.detect(p)).isEqualTo(Format.VASP_OUTCAR);
            List<Structure> frames = Readers.open(p, ReadOptions.DEFAULTS).readAll();
            assertThat(frames).as(p.toString()).hasSize(1);
            Structure s = frames.get(0);
            assertThat(s.size()).isEqualTo(96);
            assertThat(s.speciesCounts()).containsEntry("Zr", 32).containsEntry("O", 64);
            assertThat(s.forces()).hasSize(288);
            assertThat(s.energy()).isNotNull().isNegative();
            assertThat(s.dielectric()).isNotNull();
            double[] bec = s.atomArray(Structure.BEC);
            assertThat(BecSumRules.asrResidual(bec, 0)).as(p.toString()).isLessThan(1e-3);
            for (int j = 0; j < 96; j++) {
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        maxAntisym = Math.max(maxAntisym, Math.abs(bec[9 * j + 3 * a + b] - bec[9 * j + 3 * b + a]));
                    }
                }
            }
        }
        // the tensors are read as printed, not symmetrised (README: antisymmetric part up to ~0.14 e)
        assertThat(maxAntisym).isGreaterThan(0.05);
    }

    @Test
    void liquidWater() {
        Path p = SharedData.require("water-h2o-vasp/H2O_BEC.xyz");
        BecSummary s = summarise(p, ReadOptions.DEFAULTS);
        assertThat(s.frames()).isEqualTo(100);
        assertThat(s.atomsMin()).isEqualTo(192);
        assertThat(s.atomsMax()).isEqualTo(192);
        assertThat(s.species()).containsEntry("H", 128).containsEntry("O", 64);
        assertThat(s.quantities()).containsEntry("bec", 100L).containsEntry("energy", 100L)
                .containsEntry("forces", 100L);
        assertThat(s.asrMax()).isLessThan(1e-3);
        assertThat(s.antisymmetricFraction()).isBetween(0.02, 0.06);
        assertThat(s.meanCharge().get("O")).isCloseTo(-2 * s.meanCharge().get("H"), within(1e-3));
    }

    @Test
    void sio2AndBatio3() {
        BecSummary sio2 = summarise(SharedData.require("sio2-batio3-qe/SiO2.xyz"), ReadOptions.DEFAULTS);
        assertThat(sio2.frames()).isEqualTo(201);
        assertThat(sio2.atomsMax()).isEqualTo(72);
        assertThat(sio2.asrMax()).isLessThan(1e-3);
        assertThat(sio2.quantities()).containsEntry("bec", 201L).containsEntry("forces", 201L)
                .containsEntry("dipole", 201L);
        BecSummary bto = summarise(SharedData.require("sio2-batio3-qe/BaTiO3.xyz"), ReadOptions.DEFAULTS);
        assertThat(bto.frames()).isEqualTo(73);
        assertThat(bto.atomsMin()).isEqualTo(135);
        assertThat(bto.asrMax()).isLessThan(1e-3);
        assertThat(bto.meanCharge().get("Ti")).isGreaterThan(4.0);
    }

    @Test
    void sio2PwInputMatchesTheFirstXyzFrame() {
        Structure in = Readers.open(SharedData.require("sio2-batio3-qe/SiO2-scf.inp"), ReadOptions.DEFAULTS)
                .readAll().get(0);
        Structure xyz = Readers.open(SharedData.require("sio2-batio3-qe/SiO2.xyz"), ReadOptions.DEFAULTS)
                .readNext();
        assertThat(in.symbols()).containsExactly(xyz.symbols());
        assertThat(in.positions()).containsExactly(xyz.positions(), within(1e-5));
        assertThat(in.cell().lattice()).containsExactly(xyz.cell().lattice(), within(1e-5));
    }

    @Test
    void waterClustersPickTheDisplacementRowReading() {
        Path p = SharedData.require("water-clusters-spice/water_clusters_bec.xyz");
        BecSummary asRead = summarise(p, ReadOptions.DEFAULTS);
        assertThat(asRead.frames()).isEqualTo(81);
        assertThat(asRead.rotationalFrames()).isEqualTo(81);
        assertThat(asRead.rotationalConvention()).isEqualTo("displacement");
        assertThat(asRead.rotationalDisplacementRowsMean()).isLessThan(0.1 * asRead.rotationalFieldRowsMean());
        BecSummary fixed = summarise(p, ReadOptions.builder().becRows(BecRows.DISPLACEMENT).build());
        assertThat(fixed.rotationalConvention()).isEqualTo("field");
        assertThat(fixed.rotationalFieldRows()).isEqualTo(asRead.rotationalDisplacementRows());
    }

    @Test
    void phonopyBornFilesWithTheirPoscars() {
        Path dir = SharedData.require("phonopy-born");
        for (String name : new String[] {"NaCl", "MgO", "Al2O3", "SnO2", "ZnO", "LiF-nosym"}) {
            Path born = dir.resolve("BORN_" + name);
            assertThat(Readers.detect(born)).isEqualTo(Format.PHONOPY_BORN);
            Structure s = Readers.open(born, ReadOptions.DEFAULTS).readAll().get(0);
            PhonopyBorn b = PhonopyBorn.read(born, BecRows.FIELD);
            assertThat(s.dielectric()).isNotNull();
            if (name.equals("LiF-nosym")) {
                assertThat(s.size()).isEqualTo(8);
                assertThat(s.speciesCounts()).containsEntry("Li", 4).containsEntry("F", 4);
                assertThat(s.atomArray(Structure.BEC)).hasSize(72);
                assertThat(BecSumRules.asrResidual(s.atomArray(Structure.BEC), 0)).isLessThan(1e-2);
            } else {
                assertThat(s.has(Structure.BEC)).as(name).isFalse();
                assertThat(b.independentCount()).isEqualTo(2);
            }
        }
        PhonopyBorn al2o3 = PhonopyBorn.read(dir.resolve("BORN_Al2O3"), BecRows.FIELD);
        assertThat(al2o3.independentAtomIndices()).containsExactly(0, 12);
        assertThat(al2o3.factor()).isNull();
        assertThat(al2o3.independentTensors().get(1)).startsWith(-2.07328119, 0.0, 0.0, -0.0, -1.87350298, 0.25811770);
        assertThat(PhonopyBorn.read(dir.resolve("BORN_MgO"), BecRows.FIELD).factor()).isEqualTo(14.4);
    }
}
