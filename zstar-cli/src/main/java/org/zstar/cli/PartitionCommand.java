package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.experiments.Partition;
import org.zstar.models.BecPrediction;
import org.zstar.models.KernelBecModel;
import org.zstar.plot.ChartFiles;
import org.zstar.plot.GroupedBars;
import org.zstar.plot.LinePlot;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zstar partition}: per-species split of predicted BECs into monopole, redistribution and dipole parts. */
@Command(name = "partition", header = "Charge partitioning of a BEC model: monopole, redistribution, dipole.", mixinStandardHelpOptions = true,
        description = {"Charge partitioning of a BEC model's predictions, per species: mean and spread of q, |p|,",
            "of the monopole (q I), charge-redistribution and dipole parts, of tr(Z)/3 from the model and from the",
            "reference data, the nominal charge, and the share of the isotropic and anisotropic parts of Z carried",
            "by each term. Prints a table; with --out writes PREFIX.csv, PREFIX.json and PREFIX.png/.svg."})
public final class PartitionCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public PartitionCommand() {
    }

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Option(names = "--frames", paramLabel = "SPEC", description = "Only these frames (0-based over the files, e.g. 90-99).")
    String frames;

    @Option(names = "--out", paramLabel = "PREFIX", description = "Output prefix: PREFIX.csv, .json, .png, .svg.")
    String out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Figure title (default: Charge partitioning, MODEL model).")
    String title;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KernelBecModel model = ModelRegistry.readBecModel(modelFile);
        List<Structure> set = ModelPredictions.frames(data, frames);
        List<BecPrediction> preds = ModelPredictions.predict(model, set);
        List<Partition.Row> rows = Partition.of(set, preds, model.species());
        PrintWriter o = spec.commandLine().getOut();
        o.printf("charge partitioning of the %s model over %d frames (Z = q I + R + D; means +- std over atoms)%n",
                model.spec().kind().label(), set.size());
        o.print(Partition.toTable(rows));
        if (out != null) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("model", modelFile.toString());
            settings.put("model_kind", model.spec().kind().label());
            settings.put("data", data.files.stream().map(Path::toString).toList());
            settings.put("bec_rows", data.rowsUsed());
            settings.put("frames", frames == null ? "all" : frames);
            AtomicFiles.writeString(Path.of(out + ".csv"), Partition.toCsv(rows));
            AtomicFiles.writeString(Path.of(out + ".json"), new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Partition.toMap(rows, settings)));
            ChartFiles.writePngAndSvg(figure(rows, model.spec().kind().label(), title).toChart(), out);
            o.printf("wrote %s.csv, %s.json, %s.png, %s.svg%n", out, out, out, out);
        }
        o.flush();
        return 0;
    }

    static GroupedBars figure(List<Partition.Row> rows, String kind, String title) {
        List<String> cats = rows.stream().map(Partition.Row::species).toList();
        int n = rows.size();
        GroupedBars g = new GroupedBars(title != null ? title : "Charge partitioning, " + kind + " model: isotropic parts tr(.)/3",
                "species", "tr(.)/3 (e)", cats);
        String[] names = {"monopole q", "redistribution", "dipole"};
        for (int t = 0; t < 3; t++) {
            double[] y = new double[n];
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = rows.get(i).termIso()[t].mean();
                e[i] = rows.get(i).termIso()[t].std();
            }
            g.series(names[t], y, e, LinePlot.color(t));
        }
        double[] model = new double[n], modelE = new double[n], dft = new double[n], dftE = new double[n];
        double[] nominal = new double[n];
        boolean hasNominal = true;
        boolean hasDft = true;
        for (int i = 0; i < n; i++) {
            Partition.Row r = rows.get(i);
            model[i] = r.modelIso().mean();
            modelE[i] = r.modelIso().std();
            dft[i] = r.dftIso().mean();
            dftE[i] = r.dftIso().std();
            hasDft &= Double.isFinite(dft[i]);
            if (r.nominal() == null) {
                hasNominal = false;
            } else {
                nominal[i] = r.nominal();
            }
        }
        g.series("model tr(Z)/3", model, modelE, LinePlot.color(3));
        if (hasDft) {
            g.series("DFT tr(Z)/3", dft, dftE, LinePlot.color(6));
        }
        if (hasNominal) {
            g.series("nominal charge", nominal, null, LinePlot.color(4));
        }
        return g;
    }
}
