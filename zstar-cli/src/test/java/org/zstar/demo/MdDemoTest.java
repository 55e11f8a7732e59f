package org.zstar.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.spectra.DipoleDerivativeCsv;
import org.zstar.structure.Structure;

/** The demo's MD and IR part on a subset of the built-in data and a short run (fast). */
class MdDemoTest {
    @TempDir
    Path tmp;

    @Test
    void builtInMdDataAreEightWaterBoxesWithEnergiesAndForces() {
        List<Structure> md = MdDemo.builtInMdData();
        assertThat(md.size()).isGreaterThanOrEqualTo(20);
        for (Structure s : md) {
            assertThat(s.size()).isEqualTo(24);
            assertThat(s.speciesCounts()).containsEntry("O", 8).containsEntry("H", 16);
            assertThat(s.energy()).isNotNull();
            assertThat(s.forces()).hasSize(72);
            assertThat(s.info()).containsKey("source");
        }
    }

    @Test
    void forceFieldMdAndSpectrumOnASubset() throws Exception {
        List<Structure> bec = BecDemoTest.subset(6);
        BecDemo.Result r = BecDemo.run(bec, "subset", BecDemo.Options.defaults().withRefs(8, 6).withThreads(2), l -> { });
        List<Structure> ffTrain = new ArrayList<>(MdDemo.builtInMdData().subList(0, 12));
        List<Structure> ffTest = bec.subList(0, 2);
        MdDemo.Options o = new MdDemo.Options(20, 300, 0.5, 20, 240, 4, 3, 7, 2);
        List<String> log = new ArrayList<>();
        MdDemo.Result m = MdDemo.run(ffTrain, ffTest, ffTrain.get(11), r.models().get(2).model(), o, tmp, log::add);
        assertThat(log).hasSize(3);
        assertThat(m.forceFieldFrames()).isEqualTo(12);
        assertThat(m.forceFieldTest().forceRmseMeVPerA()).isFinite().isPositive();
        assertThat(m.temperatureMean()).isBetween(50.0, 1500.0);
        assertThat(m.spectrum().count()).isEqualTo(3);
        // dM/dt every 4 steps of 0.5 fs, recorded steps 0..240: 61 samples, 2 fs apart
        DipoleDerivativeCsv.Series d = DipoleDerivativeCsv.read(tmp.resolve("md-dmdt.csv"));
        assertThat(d.rows()).isEqualTo(61);
        assertThat(d.dt()).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(d.volume()).isEqualTo(6.2 * 6.2 * 6.2, org.assertj.core.data.Offset.offset(1e-3));
        for (String f : new String[] {"ir.csv", "ir.png", "ir.svg", "md.xyz", "md-thermo.csv"}) {
            assertThat(Files.size(tmp.resolve(f))).as(f).isPositive();
        }
        String section = MdDemo.reportSection(m, o);
        assertThat(section).contains("## Molecular dynamics and IR spectrum").contains("ir.png");
        for (int i = 1; i < m.peaks().size(); i++) {
            assertThat(m.peaks().get(i).wavenumber()).isGreaterThan(m.peaks().get(i - 1).wavenumber());
        }
    }
}
