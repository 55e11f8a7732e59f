package org.zstar.cli;

import static org.zstar.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

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

/** zstar select (docs/THEORY.md (AL1)-(AL4)) on a model trained with its posterior; its refusals. */
class SelectCommandTest {
    @TempDir
    static Path dir;

    static Path pool;
    static Path model;
    static List<Structure> poolFrames;


    /** A combined model on teacher frames 0-7 (posterior, calibrated); the pool is frames 8-13 plus a copy of 9. */
    @BeforeAll
    static void trainAndWritePool() {
        Path data = TestFixtures.fixture("experiments/teacher.xyz");
        model = dir.resolve("m.zstar");
        String[] r = run("train", "--model", "combined", "--data", data.toString(), "--train-frames", "0-7",
                "--test-frames", "8-13", "--charge-refs", "4", "--dipole-refs", "4", "--threads", "1", "--out",
                model.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        List<Structure> all = Readers.readAll(List.of(data), ReadOptions.DEFAULTS);
        poolFrames = new ArrayList<>(all.subList(8, 14));
        poolFrames.add(all.get(9));
        pool = dir.resolve("pool.xyz");
        ExtXyzWriter.write(pool, poolFrames);
    }

    @Test
    void picksInOrderOfPosteriorVarianceAndWritesEveryScore() throws Exception {
        Path out = dir.resolve("picked.xyz");
        String[] r = run("select", "--model", model.toString(), "--pool", pool.toString(), "--count", "3", "--out",
                out.toString(), "--threads", "1");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        JsonNode j = new ObjectMapper().readTree(dir.resolve("picked-scores.json").toFile());
        JsonNode frames = j.get("frames");
        assertThat(frames).hasSize(7);
        int[] picks = new int[3];
        for (int k = 0; k < 3; k++) {
            picks[k] = j.get("picks").get(k).asInt();
        }
        double max = 0;
        for (JsonNode f : frames) {
            max = Math.max(max, f.get("score").asDouble());
            assertThat(f.get("probes").asInt()).isEqualTo(32); // 9 atoms x 9 = 81 rows > 32 probes: sketched
        }
        assertThat(frames.get(picks[0]).get("score").asDouble()).isEqualTo(max);
        for (int k = 0; k < 3; k++) {
            JsonNode f = frames.get(picks[k]);
            assertThat(f.get("pick_order").asInt()).isEqualTo(k);
            // the posterior only grows: a frame's variance at its pick is at most its variance alone
            assertThat(f.get("score_at_pick").asDouble()).isLessThanOrEqualTo(f.get("score").asDouble() * (1 + 1e-12));
        }
        assertThat(frames.get(picks[1]).get("score_at_pick").asDouble())
                .isLessThan(frames.get(picks[1]).get("score").asDouble());
        // frame 1 and its copy 6: equal variance alone (same probes' distribution, not the same probes)
        assertThat(frames.get(6).get("score").asDouble()).isCloseTo(frames.get(1).get("score").asDouble(),
                org.assertj.core.api.Assertions.withinPercentage(40));
        List<Structure> picked = Readers.readAll(List.of(out), ReadOptions.DEFAULTS);
        assertThat(picked).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(picked.get(k).positionsView()).containsExactly(poolFrames.get(picks[k]).positionsView(),
                    org.assertj.core.api.Assertions.within(1e-9));
        }
        List<String> csv = Files.readAllLines(dir.resolve("picked-scores.csv"));
        assertThat(csv).hasSize(8);
        assertThat(csv.get(0)).startsWith("frame,source,atoms,pick_order,score");
    }

    @Test
    void refusesImpossibleCountsAndModelsWithoutPosterior() {
        String[] r = run("select", "--model", model.toString(), "--pool", pool.toString(), "--count", "8", "--out",
                dir.resolve("x.xyz").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--count 8 is impossible for a pool of 7");
        Path plain = dir.resolve("plain.zstar");
        String[] t = run("train", "--model", "combined", "--data", TestFixtures.fixture("experiments/teacher.xyz").toString(),
                "--train-frames", "0-7", "--test-frames", "8-13", "--charge-refs", "4", "--dipole-refs", "4",
                "--uncertainty", "none", "--threads", "1", "--out", plain.toString());
        assertThat(t[0]).as(t[2]).isEqualTo("0");
        String[] s = run("select", "--model", plain.toString(), "--pool", pool.toString(), "--count", "2", "--out",
                dir.resolve("y.xyz").toString());
        assertThat(s[0]).isEqualTo("2");
        assertThat(s[2]).contains("no posterior");
    }
}
