package org.zstar.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zstar experiments} end to end on the teacher fixture: the whole-pool points of its learning curves and a
 * point of its map equal {@code zstar train} with the same options (docs/THEORY.md (E8)-(E10)), the saved models
 * evaluate to the same errors, and the scratch files are reused by a rerun and deleted unless kept.
 */
class ExperimentsCommandTest {
    static final String[] MODEL = {"--charge-refs", "4", "--dipole-modulators", "2", "--modulated-features", "5",
        "--threads", "2", "--seed", "3"};

    static double trainTestRmse(Path dir, String kind, String... extra) throws Exception {
        ExperimentCommandsTest.Result r = ExperimentCommandsTest.run(ExperimentCommandsTest.args(
                ExperimentCommandsTest.concat(ExperimentCommandsTest.concat(new String[] {"train", "--model", kind,
                    "--data", ExperimentFixtures.fixture(), "--train-frames", "0-9", "--test-frames", "10-13", "--json",
                    "--out", dir.resolve(kind + "-direct.zstar").toString()}, MODEL), extra)));
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out()).get("test").get("rmse").asDouble();
    }

    @Test
    void wholePoolPointsAndMapEqualTrainAndTheSavedModels(@TempDir Path dir) throws Exception {
        String prefix = dir.resolve("ex").toString();
        String[] head = ExperimentCommandsTest.concat(new String[] {"experiments", "--data", ExperimentFixtures.fixture(),
            "--train-frames", "0-9", "--test-frames", "10-13", "--sizes", "2,5", "--repeats", "2", "--map-lambda-w",
            "1e-8,1e-3", "--map-lambda-q", "0,0.5", "--save-models", dir.resolve("m").toString(), "--keep-scratch",
            "--out", prefix}, MODEL);
        ExperimentCommandsTest.Result r = ExperimentCommandsTest.run(ExperimentCommandsTest.args(head));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(Path.of(prefix + "-lc.csv"));
        assertThat(csv).hasSize(1 + 3 * 3);
        JsonNode lc = new ObjectMapper().readTree(Files.readString(Path.of(prefix + "-lc.json")));
        for (JsonNode p : lc.get("points")) {
            assertThat(p.get("test_rmse")).hasSize(p.get("train_frames").asInt() == 10 ? 1 : 2);
            if (p.get("train_frames").asInt() == 10) {
                String kind = p.get("model").asText();
                double direct = trainTestRmse(dir, kind);
                assertThat(p.get("test_rmse").get(0).asDouble()).as(kind).isCloseTo(direct, within(1e-9));
                ExperimentCommandsTest.Result ev = ExperimentCommandsTest.run("eval", "--model",
                        dir.resolve("m-" + kind + ".zstar").toString(), "--data", ExperimentFixtures.fixture(),
                        "--frames", "10-13", "--json");
                assertThat(ev.code()).as(ev.err()).isZero();
                assertThat(new ObjectMapper().readTree(ev.out()).get("rmse").asDouble()).isCloseTo(direct, within(1e-9));
            }
        }
        JsonNode reg = new ObjectMapper().readTree(Files.readString(Path.of(prefix + "-reg.json")));
        JsonNode last = reg.get("points").get(3);
        assertThat(last.get("lambda_w").asDouble()).isEqualTo(1e-3);
        assertThat(last.get("lambda_q").asDouble()).isEqualTo(0.5);
        assertThat(last.get("test_rmse").asDouble()).isCloseTo(
                trainTestRmse(dir, "combined", "--lambda-w", "1e-3", "--lambda-q", "0.5"), within(1e-9));
        for (String f : List.of("-lc.png", "-lc.svg", "-reg.png", "-reg.svg")) {
            assertThat(Files.size(Path.of(prefix + f))).as(f).isGreaterThan(1000);
        }
        // the summed normal equations keep no residuals: no MAE column or key (reg-scan writes both)
        assertThat(last.has("test_mae")).isFalse();
        List<String> regCsv = Files.readAllLines(Path.of(prefix + "-reg.csv"));
        assertThat(regCsv).hasSize(5);
        assertThat(regCsv.get(0)).isEqualTo("lambda_w,lambda_q,train_rmse,test_rmse,test_nrmse,mean_q_H,mean_q_O,"
                + "max_abs_q,max_abs_p");
        // a rerun reuses the per-frame sums; without --keep-scratch they are deleted at the end
        ExperimentCommandsTest.Result again = ExperimentCommandsTest.run(ExperimentCommandsTest.args(
                ExperimentCommandsTest.concat(new String[] {"experiments", "--data", ExperimentFixtures.fixture(),
                    "--train-frames", "0-9", "--test-frames", "10-13", "--sizes", "2,5", "--repeats", "2",
                    "--map-lambda-q", "none", "--out", prefix}, MODEL)));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("(reused files)");
        try (var files = Files.list(Path.of(prefix + "-sums"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".bin")).count()).isZero();
        }
    }
}
