package org.zstar.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.forcefield.ForceFieldTrainer;
import org.zstar.forcefield.ForceFieldTrainingOptions;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.BuiltInData;
import org.zstar.md.MolecularDynamics;
import org.zstar.md.Thermostat;
import org.zstar.models.BecMetrics;
import org.zstar.models.BecTraining;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.spectra.DipoleDerivativeSampler;
import org.zstar.spectra.IrAnalysis;
import org.zstar.spectra.Peaks;
import org.zstar.structure.Structure;
import org.zstar.util.FrameSelection;

/**
 * zstar as a library, end to end: load DFT frames with BECs, train the default (combined q+p) BEC model, score it
 * on held-out frames, then train a force field, run a short MD with dM/dt = sum_j Z_j v_j sampled from the BEC
 * model, and compute the IR spectrum. Uses the water data shipped inside zstar-core.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        // 1. data: 60 frames of 8 water molecules (Quantum ESPRESSO PBE, BECs, energies, forces)
        List<Structure> frames = BuiltInData.water8Pbe();
        FrameSelection.Split split = FrameSelection.random(frames.size(), 0.2, 42);
        List<Structure> train = pick(frames, split.train());
        List<Structure> test = pick(frames, split.test());

        // 2. the default BEC model (combined q+p, modulated feature dipoles, charge offsets)
        BecTraining.Result fit = BecTraining.train(train, TrainingOptions.defaults(ModelKind.COMBINED));
        BecMetrics m = BecTraining.evaluate(fit.model(), test);
        System.out.printf(Locale.ROOT, "BEC model: %d weights, trained on %d frames in %.1f s%n", fit.weights(),
                train.size(), fit.seconds());
        System.out.printf(Locale.ROOT, "test RMSE %.4f e (nRMSE %.4f) on %d frames%n", m.rmse, m.nrmse, test.size());

        // 3. a small force field on the energies and forces, and 1 ps of Bussi NVT at 300 K
        List<Structure> ffFrames = new ArrayList<>(train);
        ffFrames.addAll(BuiltInData.water8PbeMd());
        ScalarDescriptor d = new ScalarDescriptor(new DescriptorParameters(List.of("H", "O"), 5.0, 4.0,
                DescriptorParameters.DEFAULT_SIGMA, 8, 6, 3, DescriptorParameters.DEFAULT_BETA,
                DescriptorParameters.DEFAULT_GRID_STEP));
        KernelForceField ff = ForceFieldTrainer.train(ffFrames, d,
                ForceFieldTrainingOptions.builder().references(60).build());
        MolecularDynamics md = new MolecularDynamics(ff, test.get(0).toBuilder().velocities(null).build(),
                new MolecularDynamics.Settings(0.5, Thermostat.BUSSI, 300, 100.0, 0.01, 42L), 300);
        Path dir = Files.createTempDirectory("zstar-quickstart");
        try (DipoleDerivativeSampler dmdt = new DipoleDerivativeSampler(fit.model(), dir.resolve("dmdt.csv"))) {
            md.attach(dmdt, 4);     // dM/dt every 4 steps = 2 fs
            md.run(2000);

            // 4. the IR spectrum (n alpha, cm^-1) with a 95 % band over 2 blocks
            IrAnalysis.Result ir = IrAnalysis.builder().series("md", dmdt.series()).temperature(300).blocks(2)
                    .build().run();
            StringBuilder peaks = new StringBuilder();
            for (Peaks.Peak p : ir.peaks()) {
                peaks.append(String.format(Locale.ROOT, " %.0f", p.wavenumber()));
            }
            System.out.printf(Locale.ROOT, "IR spectrum from %.1f ps of MD: peaks at%s cm^-1%n",
                    md.time() / 1000, peaks);
        }
    }

    private static List<Structure> pick(List<Structure> frames, int[] idx) {
        List<Structure> out = new ArrayList<>();
        for (int i : idx) {
            out.add(frames.get(i));
        }
        return out;
    }
}
