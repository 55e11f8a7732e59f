package org.zstar.cli;

import static org.zstar.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.ExtXyzWriter;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Structure;
import org.zstar.testutil.TestFixtures;

/**
 * predict then eval: the predict output keeps the input's reference BECs and polarization under their own names
 * and meaning, so that eval on it scores the model against DFT (not against itself, which gave RMSE 0); eval
 * refuses a file whose reference column holds the model's own predictions.
 */
class PredictEvalRoundTripTest {
    @TempDir
    static Path dir;

    static Path data;
    static Path model;


    /** The teacher fixture (14 periodic frames with BECs), each frame with a cell polarization key as SiO2 has. */
    @BeforeAll
    static void trainSmallModel() {
        List<Structure> frames = Readers.readAll(List.of(TestFixtures.fixture("experiments/teacher.xyz")),
                ReadOptions.DEFAULTS);
        List<Structure> withPolarization = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            withPolarization.add(frames.get(f).toBuilder().info("polarization", new double[] {0.5 * f - 1.25, 0.5, 3.25})
                    .build());
        }
        data = dir.resolve("data.xyz");
        ExtXyzWriter.write(data, withPolarization);
        model = dir.resolve("m.zstar");
        String[] r = run("train", "--model", "combined", "--data", data.toString(), "--test-frames", "12-13",
                "--charge-refs", "4", "--dipole-refs", "4", "--threads", "1", "--out", model.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
    }

    static double rmse(String[] evalJson) throws Exception {
        assertThat(evalJson[0]).as(evalJson[2]).isEqualTo("0");
        JsonNode m = new ObjectMapper().readTree(evalJson[1]);
        return m.get("rmse").asDouble();
    }

    @Test
    void evalOnPredictOutputScoresAgainstTheReferenceNotTheModel() throws Exception {
        Path pred = dir.resolve("pred.xyz");
        String[] p = run("predict", "--model", model.toString(), "--data", data.toString(), "--frames", "10-13",
                "--out", pred.toString());
        assertThat(p[0]).as(p[2]).isEqualTo("0");
        double direct = rmse(run("eval", "--model", model.toString(), "--data", data.toString(), "--frames", "10-13",
                "--json"));
        double viaPredict = rmse(run("eval", "--model", model.toString(), "--data", pred.toString(), "--json"));
        assertThat(direct).isGreaterThan(0.01);
        // before: the predicted BEC became the reference column and eval reported RMSE 0
        assertThat(viaPredict).isCloseTo(direct, within(1e-12));
    }

    @Test
    void predictKeepsInputColumnsAndWritesPredictionsUnderTheirOwnNames() throws Exception {
        Path pred = dir.resolve("pred2.xyz");
        assertThat(run("predict", "--model", model.toString(), "--data", data.toString(), "--frames", "12",
                "--out", pred.toString())[0]).isEqualTo("0");
        Structure in = Readers.readAll(List.of(data), ReadOptions.DEFAULTS).get(12);
        Structure out = Readers.readAll(List.of(pred), ReadOptions.DEFAULTS).get(0);
        assertThat(out.bec()).containsExactly(in.bec());
        assertThat(out.dipole()).containsExactly(in.dipole());
        assertThat((double[]) out.info().get("polarization")).containsExactly(4.75, 0.5, 3.25);
        for (String col : List.of("bec_pred", "charges_pred", "dipoles_pred", "bec_pred_monopole",
                "bec_pred_redistribution", "bec_pred_dipole")) {
            assertThat(out.atomArrayNames()).contains(col);
        }
        assertThat(out.atomArrayNames()).doesNotContain("charges", "dipoles", "dft_bec");
        double[] z = out.atomArray("bec_pred");
        double[] mono = out.atomArray("bec_pred_monopole");
        double[] red = out.atomArray("bec_pred_redistribution");
        double[] dip = out.atomArray("bec_pred_dipole");
        for (int k = 0; k < z.length; k++) {
            assertThat(mono[k] + red[k] + dip[k]).isCloseTo(z[k], within(1e-9));
        }
        double[] polPred = (double[]) out.info().get("polarization_pred");
        assertThat(polPred).hasSize(3);
        assertThat(polPred[0]).isNotEqualTo(in.dipole()[0]);
        // the comment line names the DFT polarization once, under its own key, and no "dipole" key was invented
        String comment = Files.readAllLines(pred).get(1);
        assertThat(comment).contains(" polarization=\"4.75 0.5 3.25\"").doesNotContain(" dipole=");
    }

    @Test
    void evalRefusesAReferenceColumnThatHoldsTheModelsOwnPredictions() throws Exception {
        Path pred = dir.resolve("pred3.xyz");
        assertThat(run("predict", "--model", model.toString(), "--data", data.toString(), "--frames", "11-12",
                "--out", pred.toString())[0]).isEqualTo("0");
        // what the old predict wrote: the predictions as the BEC column
        List<Structure> renamed = new ArrayList<>();
        for (Structure s : Readers.readAll(List.of(pred), ReadOptions.DEFAULTS)) {
            renamed.add(s.toBuilder().bec(s.atomArray("bec_pred")).build());
        }
        Path own = dir.resolve("own.xyz");
        ExtXyzWriter.write(own, renamed);
        String[] e = run("eval", "--model", model.toString(), "--data", own.toString());
        assertThat(e[0]).isEqualTo("2");
        assertThat(e[2]).contains(own + " frame 0").contains("'BEC'").contains("own predictions")
                .doesNotContain("Exception");
        // also with the other projection setting: the unprojected prediction is compared too
        assertThat(run("eval", "--model", model.toString(), "--data", own.toString(), "--no-asr-predictions")[0])
                .isEqualTo("2");
    }

    @Test
    void oldPredictOutputsWithDftBecAreRefusedNamingTheColumn() {
        List<Structure> old = new ArrayList<>();
        for (Structure s : Readers.readAll(List.of(data), ReadOptions.DEFAULTS).subList(0, 2)) {
            old.add(s.toBuilder().atomArray("dft_bec", s.bec()).build());
        }
        Path file = dir.resolve("old-predict.xyz");
        ExtXyzWriter.write(file, old);
        String[] e = run("eval", "--model", model.toString(), "--data", file.toString());
        assertThat(e[0]).isEqualTo("2");
        assertThat(e[2]).contains(file + ": frame 0 has a 'dft_bec' column").contains("'BEC' column holds");
    }

    @Test
    void evalWithoutReferenceButWithPredictionsNamesTheColumn() {
        List<Structure> noRef = new ArrayList<>();
        for (Structure s : Readers.readAll(List.of(data), ReadOptions.DEFAULTS).subList(0, 1)) {
            Structure.Builder b = Structure.builder().symbols(s.symbols()).positions(s.positions()).cell(s.cell())
                    .atomArray("bec_pred", s.bec());
            noRef.add(b.build());
        }
        Path file = dir.resolve("no-ref.xyz");
        ExtXyzWriter.write(file, noRef);
        String[] e = run("eval", "--model", model.toString(), "--data", file.toString());
        assertThat(e[0]).isEqualTo("2");
        assertThat(e[2]).contains(file + " frame 0 has no reference BEC").contains("'bec_pred'");
    }

    @Test
    void predictRefusesToOverwriteItsInput() throws Exception {
        byte[] before = Files.readAllBytes(data);
        String[] r = run("predict", "--model", model.toString(), "--data", data.toString(), "--out",
                dir.resolve(".").resolve("data.xyz").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("is also an input");
        assertThat(Files.readAllBytes(data)).isEqualTo(before);
    }
}
