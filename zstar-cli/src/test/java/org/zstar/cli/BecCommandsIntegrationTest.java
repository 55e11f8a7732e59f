package org.zstar.cli;

import static org.zstar.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Structure;
import org.zstar.testutil.SharedData;

/** train, eval and predict from the command line on a few real ZrO2 frames (skips without ../shared/data). */
class BecCommandsIntegrationTest {
    @TempDir
    Path dir;


    @Test
    void trainEvalPredictOnRealZrO2Frames() throws Exception {
        Path d = SharedData.require("zro2-vasp-outcar");
        List<String> args = new ArrayList<>(List.of("train", "--model", "combined", "--data"));
        for (int i : new int[] {2, 3, 4, 5, 6, 110}) {
            args.add(d.resolve("OUTCAR." + i + ".gz").toString());
        }
        Path model = dir.resolve("zro2.zstar");
        args.addAll(List.of("--test-frames", "5", "--charge-refs", "Zr=15,O=30", "--dipole-refs", "Zr=8,O=16",
                "--n2", "6", "--n3", "4", "--lmax", "3", "--threads", "2", "--out", model.toString(), "--json"));
        String[] r = run(args.toArray(new String[0]));
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        JsonNode summary = new ObjectMapper().readTree(r[1]);
        double testRmse = summary.path("test").path("rmse").asDouble(Double.NaN);
        // real data, 5 training frames: far from converged, but a broken model is off by whole charges
        assertThat(testRmse).isBetween(0.01, 0.5);
        String[] e = run("eval", "--model", model.toString(), "--data", d.resolve("OUTCAR.110.gz").toString(), "--json");
        assertThat(e[0]).as(e[2]).isEqualTo("0");
        JsonNode m = new ObjectMapper().readTree(e[1]);
        assertThat(m.get("rmse").asDouble()).isCloseTo(testRmse, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(m.get("per_species").has("Zr")).isTrue();
        assertThat(m.get("asr_max").asDouble()).isLessThan(1e-8); // projected onto the sum rule
        // error bars: the posterior was stored (one held-out training frame calibrates it) and eval scores them
        assertThat(summary.path("posterior").path("held_out_training_frames").asInt()).isEqualTo(1);
        assertThat(summary.path("test_uncertainty").path("components").asLong()).isEqualTo(96 * 9);
        for (String key : List.of("coverage_1sigma", "coverage_2sigma")) {
            assertThat(m.get(key).asDouble()).isBetween(0.0, 1.0);
            assertThat(m.get(key).asDouble()).isCloseTo(summary.path("test_uncertainty").path(key).asDouble(),
                    org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(m.get("coverage_2sigma").asDouble()).isGreaterThanOrEqualTo(m.get("coverage_1sigma").asDouble());
        assertThat(m.get("mean_nll").isNumber()).isTrue();
        assertThat(m.get("sigma_error_rank_correlation").asDouble()).isBetween(-1.0, 1.0);
        Path out = dir.resolve("pred.xyz");
        String[] p = run("predict", "--model", model.toString(), "--data", d.resolve("OUTCAR.110.gz").toString(),
                "--out", out.toString());
        assertThat(p[0]).as(p[2]).isEqualTo("0");
        Structure s = Readers.readAll(List.of(out), ReadOptions.DEFAULTS).get(0);
        assertThat(s.size()).isEqualTo(96);
        for (String col : List.of("charges_pred", "dipoles_pred", "bec_pred", "bec_pred_monopole",
                "bec_pred_redistribution", "bec_pred_dipole")) {
            assertThat(s.atomArrayNames()).contains(col);
        }
        // the OUTCAR's DFT BECs stay the reference column
        assertThat(s.bec()).containsExactly(Readers.readAll(List.of(d.resolve("OUTCAR.110.gz")), ReadOptions.DEFAULTS)
                .get(0).bec());
        double[] z = s.atomArray("bec_pred");
        double[] mono = s.atomArray("bec_pred_monopole");
        double[] red = s.atomArray("bec_pred_redistribution");
        double[] dip = s.atomArray("bec_pred_dipole");
        for (int k = 0; k < z.length; k++) {
            assertThat(mono[k] + red[k] + dip[k]).isCloseTo(z[k], org.assertj.core.api.Assertions.within(1e-9));
        }
        double[] sd = s.atomArray(PredictCommand.BEC_PRED_STD);
        double[] modelSd = s.atomArray(PredictCommand.BEC_PRED_MODEL_STD);
        double[] chargeSd = s.atomArray(PredictCommand.CHARGES_PRED_STD);
        assertThat(chargeSd).hasSize(96);
        for (double v : chargeSd) {
            assertThat(v).isPositive();
        }
        assertThat(s.atomArray(PredictCommand.DIPOLES_PRED_STD)).hasSize(3 * 96);
        for (int k = 0; k < sd.length; k++) {
            assertThat(sd[k]).isGreaterThan(modelSd[k]); // the noise adds to the model part
        }
        // error bars of two frames predicted at once by two workers: the same file as one at a time
        Path two = dir.resolve("pred2.xyz"), one = dir.resolve("pred1.xyz");
        for (String[] t : new String[][] {{"2", two.toString()}, {"1", one.toString()}}) {
            String[] q = run("predict", "--model", model.toString(), "--data", d.resolve("OUTCAR.110.gz").toString(),
                    "--data", d.resolve("OUTCAR.111.gz").toString(), "--threads", t[0], "--out", t[1]);
            assertThat(q[0]).as(q[2]).isEqualTo("0");
        }
        assertThat(java.nio.file.Files.readAllBytes(two)).isEqualTo(java.nio.file.Files.readAllBytes(one));
        // a model trained without the posterior has no error bars, and says so
        Path plain = dir.resolve("plain.zstar");
        List<String> none = new ArrayList<>(args);
        none.set(none.indexOf(model.toString()), plain.toString());
        none.addAll(List.of("--uncertainty", "none"));
        assertThat(run(none.toArray(new String[0]))[0]).isEqualTo("0");
        String[] e2 = run("eval", "--model", plain.toString(), "--data", d.resolve("OUTCAR.110.gz").toString(), "--json");
        assertThat(new ObjectMapper().readTree(e2[1]).path("uncertainty").asText()).contains("no posterior");
        assertThat(run(List.of("train", "--model", "combined", "--data", "x.xyz", "--uncertainty", "maybe", "--out",
                dir.resolve("m").toString()).toArray(new String[0]))[0]).isEqualTo("2");
    }

    @Test
    void defaultTrainingWritesTheSameBytesForOneAndTwoThreads() throws Exception {
        Path d = SharedData.require("zro2-vasp-outcar");
        byte[] first = null;
        for (String threads : new String[] {"1", "2"}) {
            List<String> args = new ArrayList<>(List.of("train", "--model", "combined", "--data"));
            for (int i : new int[] {7, 8, 9}) {
                args.add(d.resolve("OUTCAR." + i + ".gz").toString());
            }
            Path model = dir.resolve("t" + threads + ".zstar");
            // default model form (modulated feature dipoles, offsets), small descriptor and few references for speed
            args.addAll(List.of("--charge-refs", "10", "--modulated-features", "20", "--n2", "4", "--n3", "3",
                    "--lmax", "2", "--threads", threads, "--out", model.toString(), "--json"));
            String[] r = run(args.toArray(new String[0]));
            assertThat(r[0]).as(r[2]).isEqualTo("0");
            JsonNode summary = new ObjectMapper().readTree(r[1]);
            assertThat(summary.path("threads").asInt()).isEqualTo(Integer.parseInt(threads));
            byte[] bytes = java.nio.file.Files.readAllBytes(model);
            if (first == null) {
                first = bytes;
            } else {
                assertThat(bytes).as("model file with 2 threads equals the one with 1").isEqualTo(first);
            }
        }
    }

    @Test
    void outOfMemoryIsOneLineWithWhatToChange() {
        StringWriter err = new StringWriter();
        int code = Main.outOfMemory(new PrintWriter(err), new OutOfMemoryError("Java heap space"));
        assertThat(code).isEqualTo(1);
        String text = err.toString().strip();
        assertThat(text.lines().count()).isEqualTo(1);
        assertThat(text).contains("out of memory", "ZSTAR_JAVA_OPTS=-Xmx", "--threads 1").doesNotContain("at org.");
    }

    @Test
    void badOptionsExitWithTwo() {
        String[] r = run("train", "--model", "quadrupole", "--data", "x.xyz", "--out", dir.resolve("m").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("quadrupole");
        String[] e = run("eval", "--model", dir.resolve("missing.zstar").toString(), "--data", "x.xyz");
        assertThat(e[0]).isEqualTo("2");
        assertThat(e[2]).contains("missing.zstar");
    }
}
