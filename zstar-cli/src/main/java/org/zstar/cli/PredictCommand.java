package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.zstar.io.ExtXyzWriter;
import org.zstar.models.BecPrediction;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.UncertainPrediction;
import org.zstar.structure.Structure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zstar predict}: charges, dipoles, BECs and their parts for every atom, as extended XYZ. */
@Command(name = "predict", header = "Predict charges, dipoles, BECs and their parts; write extended XYZ.", mixinStandardHelpOptions = true,
        description = {"Predict with a BEC model and write extended XYZ with per-atom columns: charges (q),",
            "dipoles (p), BEC (Z, row = field), bec_monopole (q I), bec_redistribution, bec_dipole; a reference",
            "BEC in the input is kept as dft_bec; per frame the polarisation P (e*A, positions as given).",
            "A model with error bars adds bec_std (predictive sigma of each component against a DFT label),",
            "bec_model_std (model part only), charges_std, dipoles_std and per frame polarization_std."})
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Option(names = "--frames", paramLabel = "SPEC", description = "Only these frames (0-based over the files).")
    String frames;

    @Option(names = "--out", required = true, paramLabel = "OUT.xyz", description = "Extended XYZ file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KernelBecModel model = ModelFiles.load(modelFile);
        List<Structure> set = ModelPredictions.frames(data, frames);
        boolean errorBars = model.posterior() != null;
        List<UncertainPrediction> uncertain = errorBars ? ModelPredictions.predictWithUncertainty(model, set) : null;
        List<BecPrediction> preds = errorBars ? uncertain.stream().map(UncertainPrediction::prediction).toList()
                : ModelPredictions.predict(model, set);
        List<Structure> written = new ArrayList<>(set.size());
        for (int f = 0; f < set.size(); f++) {
            Structure s = set.get(f);
            BecPrediction p = preds.get(f);
            Structure.Builder b = s.toBuilder();
            if (s.hasBec()) {
                b.atomArray("dft_bec", s.bec());
            }
            b.bec(p.bec()).atomArray(Structure.CHARGES, p.charges())
                    .atomArray("bec_monopole", p.monopole())
                    .atomArray("bec_redistribution", p.redistribution())
                    .atomArray("bec_dipole", p.dipolePart())
                    .info("polarization", p.polarization());
            if (p.dipoles() != null) {
                b.atomArray(Structure.DIPOLES, p.dipoles());
            }
            if (errorBars) {
                UncertainPrediction u = uncertain.get(f);
                b.atomArray("bec_std", u.becStd()).atomArray("bec_model_std", u.becModelStd())
                        .atomArray("charges_std", u.chargeStd()).info("polarization_std", u.polarizationStd());
                if (u.dipoleStd() != null) {
                    b.atomArray("dipoles_std", u.dipoleStd());
                }
            }
            written.add(b.build());
        }
        ExtXyzWriter.write(out, written);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %d frames to %s%n", written.size(), out);
        o.flush();
        return 0;
    }
}
