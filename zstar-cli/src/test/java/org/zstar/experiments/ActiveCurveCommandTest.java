package org.zstar.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zstar active-curve} end to end on the teacher fixture (docs/THEORY.md (AL5)): the random curve is the
 * combined learning curve of {@code zstar experiments} with the same seed and files (reused), both strategies
 * share the seed set and the whole pool, and the active orders are permutations of the pool.
 */
class ActiveCurveCommandTest {
    @Test
    void randomCurveIsTheExperimentsCurveAndBothShareSeedSetAndPool(@TempDir Path dir) throws Exception {
        String ex = dir.resolve("ex").toString();
        String[] data = {"--data", ExperimentFixtures.fixture(), "--train-frames", "0-9", "--test-frames", "10-13"};
        ExperimentCommandsTest.Result r = ExperimentCommandsTest.run(ExperimentCommandsTest.args(
                ExperimentCommandsTest.concat(ExperimentCommandsTest.concat(new String[] {"experiments"}, data),
                    ExperimentCommandsTest.concat(new String[] {"--models", "combined", "--sizes", "2,4,6", "--repeats",
                        "2", "--map-lambda-q", "none", "--keep-scratch", "--scratch", dir.resolve("sums").toString(),
                        "--out", ex}, ExperimentsCommandTest.MODEL))));
        assertThat(r.code()).as(r.err()).isZero();
        String al = dir.resolve("al").toString();
        ExperimentCommandsTest.Result a = ExperimentCommandsTest.run(ExperimentCommandsTest.args(
                ExperimentCommandsTest.concat(ExperimentCommandsTest.concat(new String[] {"active-curve"}, data),
                    ExperimentCommandsTest.concat(new String[] {"--sizes", "2,4,6", "--repeats", "2", "--scratch",
                        dir.resolve("sums").toString(), "--out", al}, ExperimentsCommandTest.MODEL))));
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.err()).contains("(reused files)");
        JsonNode lc = new ObjectMapper().readTree(Files.readString(Path.of(ex + "-lc.json")));
        JsonNode j = new ObjectMapper().readTree(Files.readString(Path.of(al + "-al.json")));
        JsonNode pts = j.get("points");
        assertThat(pts).hasSize(4); // 2, 4, 6 and the whole pool
        for (int i = 0; i < 4; i++) {
            JsonNode p = pts.get(i);
            JsonNode expected = lc.get("points").get(i);
            assertThat(p.get("train_frames").asInt()).isEqualTo(expected.get("train_frames").asInt());
            for (int rep = 0; rep < expected.get("test_rmse").size(); rep++) {
                assertThat(p.get("random_test_rmse").get(rep).asDouble())
                        .isCloseTo(expected.get("test_rmse").get(rep).asDouble(), within(1e-12));
            }
            if (i == 0 || i == 3) {
                for (int rep = 0; rep < 2; rep++) {
                    assertThat(p.get("active_test_rmse").get(rep).asDouble())
                            .isCloseTo(p.get("random_test_rmse").get(rep).asDouble(), within(1e-9));
                }
            }
        }
        for (JsonNode order : j.get("active_orders")) {
            Set<Integer> seen = new HashSet<>();
            order.forEach(x -> seen.add(x.asInt()));
            assertThat(seen).hasSize(10).allMatch(x -> x >= 0 && x < 10);
        }
        assertThat(Files.readAllLines(Path.of(al + "-al.csv"))).hasSize(5);
        for (String f : List.of("-al.png", "-al.svg")) {
            assertThat(Files.size(Path.of(al + f))).isGreaterThan(1000);
        }
        // without --keep-scratch the files are deleted at the end
        try (var files = Files.list(dir.resolve("sums"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".bin")).count()).isZero();
        }
    }
}
