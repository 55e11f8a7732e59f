package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.experiments.ActiveLearningCurve;

/**
 * The summaries of {@code zstar active-curve} (docs/THEORY.md (AL6)) on hand-made curves whose answers are known:
 * the frames to random's whole-pool error and to within 1, 2 and 5 % of it, for each strategy, and their
 * round trip through PREFIX-al.json (--replot prints the same lines).
 */
class ActiveCurveSummaryTest {
    /** Pool 100, whole-pool error 1.0; active reaches 1.0 at 60 frames, random only at the pool. */
    private static ActiveLearningCurve.Result curve() {
        int[] sizes = {10, 30, 60, 80, 100};
        double[][] random = {{1.30, 1.32}, {1.06, 1.04}, {1.02, 1.01}, {1.005, 1.011}, {1.0, 1.0}};
        double[][] active = {{1.30, 1.32}, {1.04, 1.03}, {0.99, 1.00}, {0.998, 0.999}, {1.0, 1.0}};
        List<ActiveLearningCurve.Point> pts = new java.util.ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            pts.add(new ActiveLearningCurve.Point(sizes[i], random[i], active[i], random[i], active[i]));
        }
        return new ActiveLearningCurve.Result(sizes, pts, List.of(), List.of(), List.of(), 100, 5, 0.5, 1.0, 0.5);
    }

    @Test
    void framesWithinAFractionOfTheWholePoolErrorPerStrategy() {
        ActiveLearningCurve.Result r = curve();
        assertThat(ActiveCurveCommand.framesToRandomFinal(r)).isEqualTo(60); // active mean 0.995 <= 1.0
        // random means 1.31, 1.05, 1.015, 1.008, 1.0; active 1.31, 1.035, 0.995, 0.9985, 1.0
        assertThat(ActiveCurveCommand.framesWithin(r, 0.01, false)).isEqualTo(80);
        assertThat(ActiveCurveCommand.framesWithin(r, 0.01, true)).isEqualTo(60);
        assertThat(ActiveCurveCommand.framesWithin(r, 0.02, false)).isEqualTo(60);
        assertThat(ActiveCurveCommand.framesWithin(r, 0.05, false)).isEqualTo(30);
        assertThat(ActiveCurveCommand.framesWithin(r, 0.05, true)).isEqualTo(30);
        assertThat(ActiveCurveCommand.framesWithin(r, 0.0, false)).isEqualTo(100); // only the pool itself
    }

    @Test
    void jsonRoundTripKeepsTheSummaries(@TempDir Path dir) throws Exception {
        String prefix = dir.resolve("c-al").toString();
        ActiveCurveCommand.write(curve(), Map.of("seed", 1), prefix, "hand-made");
        ActiveLearningCurve.Result back = ActiveCurveCommand.readResult(Path.of(prefix + ".json"));
        JsonSummary j = JsonSummary.of(Path.of(prefix + ".json"));
        assertThat(j.within(0.01)).containsExactly(80, 60);
        assertThat(j.within(0.05)).containsExactly(30, 30);
        assertThat(ActiveCurveCommand.framesWithin(back, 0.01, true)).isEqualTo(60);
        StringWriter sw = new StringWriter();
        ActiveCurveCommand.print(new PrintWriter(sw), back);
        assertThat(sw.toString()).contains("whole-pool random error with 60 of 100 frames (60 %)")
                .contains("within 1 % of the whole-pool error: active 60 frames (60 %), random 80 (80 %)");
    }

    /** The frames_within_whole_pool_error entries of a PREFIX-al.json. */
    private record JsonSummary(com.fasterxml.jackson.databind.JsonNode node) {
        static JsonSummary of(Path json) throws Exception {
            return new JsonSummary(new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.nio.file.Files.readString(json)).get("frames_within_whole_pool_error"));
        }

        /** {@return random's and active's frames for this fraction} */
        int[] within(double fraction) {
            for (com.fasterxml.jackson.databind.JsonNode e : node) {
                if (Math.abs(e.get("fraction").asDouble() - fraction) < 1e-12) {
                    return new int[] {e.get("random").asInt(), e.get("active").asInt()};
                }
            }
            throw new AssertionError("no entry for " + fraction);
        }
    }
}
