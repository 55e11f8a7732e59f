package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.io.FrameReader;
import org.zstar.io.LammpsDumpReader;
import org.zstar.models.BecModelSpec;
import org.zstar.models.BecPosterior;
import org.zstar.models.BecTrainer;
import org.zstar.models.FixedChargeModel;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.spectra.IrAnalysis;
import org.zstar.structure.Structure;

/** zstar ir --model-samples: the model band in the CSV, the JSON and the figures; its refusals. */
class IrModelBandCommandTest {

    /** A dipole model of the Na/Cl dump frames (fixed charges +-1) with a posterior V = I, s^2 = 1e-4. */
    static Path model(Path dir, Path dump, boolean posterior) throws IOException {
        List<Structure> frames = new ArrayList<>();
        try (FrameReader r = new LammpsDumpReader(dump, Map.of(1, "Na", 2, "Cl"))) {
            Structure s;
            int i = 0;
            while ((s = r.readNext()) != null && i < 120) {
                if (i++ % 20 == 0) {
                    frames.add(s.toBuilder().bec(new FixedChargeModel(Map.of("Na", 1.0, "Cl", -1.0)).predict(s).bec())
                            .build());
                }
            }
        }
        TrainingOptions options = TrainingOptions.builder(ModelKind.DIPOLE)
                .spec(BecModelSpec.defaults(ModelKind.DIPOLE).withDipoleKernel(BecModelSpec.DipoleKernel.LINEAR))
                .chargeRefs(6).dipoleRefs(6).fixedCharges(Map.of("Na", 1.0, "Cl", -1.0)).threads(1).seed(42L).build();
        KernelBecModel m = BecTrainer.train(frames, ScalarDescriptor.defaults("Na", "Cl"),
                VectorDescriptor.defaults("Na", "Cl"), options, null).model();
        int n = m.weights().length;
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1.0;
        }
        Path file = dir.resolve(posterior ? "m.zstar" : "plain.zstar");
        ModelFiles.save(posterior ? m.withPosterior(new BecPosterior(n, v, 1e-4, n, 1000, null)) : m, file);
        return file;
    }

    @Test
    void modelSamplesGiveTheModelBandInCsvJsonAndFigures(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("t.dump");
        IrCommandTest.writeDump(t, 5, 400, 0.5, true);
        Path m = model(dir, t, true);
        StringWriter err = new StringWriter();
        String prefix = dir.resolve("ir").toString();
        assertThat(IrCommandTest.run(err, "ir", "--model", m.toString(), "--type-map", "1=Na,2=Cl", "--traj",
                t.toString(), "--dt", "0.5", "--temperature", "300", "--blocks", "2", "--model-samples", "3",
                "--model-seed", "4", "--threads", "1", "--out", prefix)).as(err.toString()).isZero();
        List<String> csv = Files.readAllLines(Path.of(prefix + ".csv"));
        assertThat(csv.get(0)).isEqualTo(IrAnalysis.CSV_HEADER.strip() + IrAnalysis.CSV_MODEL_COLUMNS);
        double maxStd = 0;
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            assertThat(f).hasSize(9);
            double mean = Double.parseDouble(f[1]);
            double std = Double.parseDouble(f[4]);
            maxStd = Math.max(maxStd, std);
            // the total band contains the statistical one and the model one
            assertThat(Double.parseDouble(f[8])).isGreaterThanOrEqualTo(Double.parseDouble(f[3]) * (1 - 1e-7));
            assertThat(Double.parseDouble(f[8])).isGreaterThanOrEqualTo(Double.parseDouble(f[6]) * (1 - 1e-7));
            assertThat(Double.parseDouble(f[5])).isLessThanOrEqualTo(mean + 1e-12);
        }
        assertThat(maxStd).isPositive();
        JsonNode j = new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
        assertThat(j.at("/model_uncertainty/posterior_samples").asInt()).isEqualTo(3);
        assertThat(j.at("/model_uncertainty/seed").asLong()).isEqualTo(4);
        assertThat(j.at("/model_uncertainty/dominant").asText()).isIn("model", "statistical");
        assertThat(j.at("/model_uncertainty/at_peaks").size()).isPositive();
        assertThat(Files.size(Path.of(prefix + ".png"))).isPositive();
        assertThat(Files.readString(Path.of(prefix + ".svg"))).contains("<svg");
    }

    @Test
    void modelSamplesAreRefusedWithoutAPosteriorOrAModel(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("t.dump");
        IrCommandTest.writeDump(t, 5, 200, 0.5, true);
        Path plain = model(dir, t, false);
        String[] common = {"--type-map", "1=Na,2=Cl", "--traj", t.toString(), "--dt", "0.5", "--temperature", "300",
            "--out", dir.resolve("x").toString()};
        StringWriter e1 = new StringWriter();
        List<String> a = new ArrayList<>(List.of("ir", "--model", plain.toString(), "--model-samples", "3"));
        a.addAll(List.of(common));
        assertThat(IrCommandTest.run(e1, a.toArray(new String[0]))).isEqualTo(2);
        assertThat(e1.toString()).contains("no weight posterior");
        StringWriter e2 = new StringWriter();
        List<String> b = new ArrayList<>(List.of("ir", "--charges", "Na=1,Cl=-1", "--model-samples", "3"));
        b.addAll(List.of(common));
        assertThat(IrCommandTest.run(e2, b.toArray(new String[0]))).isEqualTo(2);
        assertThat(e2.toString()).contains("--model-samples needs --model");
        StringWriter e3 = new StringWriter();
        List<String> c = new ArrayList<>(List.of("ir", "--model", plain.toString(), "--model-samples", "1"));
        c.addAll(List.of(common));
        assertThat(IrCommandTest.run(e3, c.toArray(new String[0]))).isEqualTo(2);
        assertThat(e3.toString()).contains("at least 2");
    }
}
