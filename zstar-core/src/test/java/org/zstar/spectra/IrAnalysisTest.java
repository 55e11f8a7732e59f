package org.zstar.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.md.ForceField;
import org.zstar.md.ForceResult;
import org.zstar.md.MdGuard;
import org.zstar.md.MolecularDynamics;
import org.zstar.md.Thermostat;
import org.zstar.md.Units;
import org.zstar.models.FixedChargeModel;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/** The IR workflow from Java: MD with observers, dM/dt sampled in memory, the spectrum of IrAnalysis. */
class IrAnalysisTest {
    private static final double K = 2.0; // eV/A^2

    /** Independent harmonic wells E = sum_i K/2 |r_i - r0_i|^2. */
    private static ForceField wells(double[] r0) {
        return s -> {
            double[] x = s.positionsView();
            double e = 0;
            double[] f = new double[x.length];
            for (int c = 0; c < x.length; c++) {
                double d = x[c] - r0[c];
                e += 0.5 * K * d * d;
                f[c] = -K * d;
            }
            return new ForceResult(e, f, new double[9], new double[9]);
        };
    }

    @Test
    void mdObserversAndIrAnalysisGiveTheHarmonicLines(@TempDir Path dir) {
        double[] r0 = {1, 1, 1, 4, 4, 4, 7, 7, 7, 2, 6, 8};
        Structure start = Structure.builder().symbols("Na", "Cl", "Na", "Cl").positions(r0)
                .cell(Cell.orthorhombic(10, 10, 10)).build();
        MolecularDynamics md = new MolecularDynamics(wells(r0), start,
                new MolecularDynamics.Settings(1.0, Thermostat.NVE, 300, 0, 0, 11), 300);
        FixedChargeModel charges = new FixedChargeModel(Map.of("Na", 1.0, "Cl", -1.0));
        MdGuard guard = new MdGuard(MdGuard.Limits.defaults());
        DipoleDerivativeCsv.Series series;
        try (DipoleDerivativeSampler dmdt = new DipoleDerivativeSampler(charges, dir.resolve("run-dmdt.csv"))) {
            md.attach(guard, 1).attach(dmdt, 2);
            md.run(8000);
            series = dmdt.series();
        }
        assertThat(series.rows()).isEqualTo(4001);
        assertThat(series.dt()).isEqualTo(2.0);
        assertThat(series.volume()).isCloseTo(1000.0, within(1e-9));
        // the file holds the same numbers (10 significant digits)
        DipoleDerivativeCsv.Series file = DipoleDerivativeCsv.read(dir.resolve("run-dmdt.csv"));
        for (int i = 0; i < series.series().length; i++) {
            assertThat(file.series()[i]).isCloseTo(series.series()[i], within(1e-9 * Math.abs(series.series()[i])
                    + 1e-15));
        }
        IrAnalysis.Result r = IrAnalysis.builder().series("run", series).temperature(300).blocks(2)
                .peakSearch(new IrAnalysis.PeakSearch(50, 400, 0.05, 10, 4)).build().run();
        // the same as the steps by hand: blocks, spectra on one grid, band
        IrSettings s = new IrSettings(2.0, 300, 1000.0, CorrelationWindow.HANN, null, QuantumCorrection.NONE, 1.0, 4);
        SpectrumBand byHand = SpectrumBand.of(IrSpectra.spectra(IrSpectra.blocks(series.series(), 2), s),
                SpectrumBand.Method.AUTO);
        assertThat(r.band().mean()).containsExactly(byHand.mean());
        assertThat(r.band().lower()).containsExactly(byHand.lower());
        assertThat(r.lags()).isEqualTo(1000);
        assertThat(r.warnings()).isEmpty();
        // lines at w = sqrt(K / m) for Na and Cl: nu = w / (2 pi c)
        double na = Math.sqrt(K / 22.98977 * Units.ACCEL) / (2 * Math.PI * IrUnits.C_CM_PER_FS);
        double cl = Math.sqrt(K / 35.45 * Units.ACCEL) / (2 * Math.PI * IrUnits.C_CM_PER_FS);
        List<Double> peaks = r.peaks().stream().map(Peaks.Peak::wavenumber).sorted().toList();
        assertThat(peaks).hasSizeGreaterThanOrEqualTo(2);
        assertThat(peaks.get(0)).isCloseTo(cl, within(3.0));
        assertThat(peaks.get(1)).isCloseTo(na, within(3.0));
        assertThat(guard.summary().steps()).isEqualTo(8000);
    }

    @Test
    void builderRefusesImpossibleCombinations() {
        DipoleDerivativeCsv.Series s = new DipoleDerivativeCsv.Series(1.0, new double[300], 1000.0);
        assertThatThrownBy(() -> IrAnalysis.builder().temperature(300).build())
                .isInstanceOf(UserInputException.class).hasMessageContaining("exactly one kind");
        assertThatThrownBy(() -> IrAnalysis.builder().series("a", s).charges(Map.of("O", 0.0)).temperature(300)
                .build()).isInstanceOf(UserInputException.class).hasMessageContaining("no model or charges");
        assertThatThrownBy(() -> IrAnalysis.builder().series("a", s).temperature(-1).build())
                .isInstanceOf(UserInputException.class).hasMessageContaining("temperature");
        assertThatThrownBy(() -> IrAnalysis.builder().series("a", s).temperature(300).maxCorrTime(1000.0).build()
                .run()).isInstanceOf(UserInputException.class).hasMessageContaining("longer than");
        assertThat(IrAnalysis.num(5.0)).isEqualTo("5");
        assertThat(IrAnalysis.num(0.5)).isEqualTo("0.5");
    }
}
