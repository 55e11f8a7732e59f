package org.zstar.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.cli.Main;

/** The three commands end to end through Main.execute on the teacher fixture (14 frames of 9 atoms). */
class ExperimentCommandsTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String[] args(String[] head, String... tail) {
        List<String> a = new ArrayList<>(Arrays.asList(head));
        a.addAll(Arrays.asList(ExperimentFixtures.DESCRIPTOR_ARGS));
        a.addAll(Arrays.asList(tail));
        return a.toArray(new String[0]);
    }

    static final String[] COMMON = {"--charge-refs", "4", "--dipole-refs", "3", "--threads", "2", "--seed", "3"};

    static JsonNode json(Path p) throws Exception {
        return new ObjectMapper().readTree(Files.readString(p));
    }

    static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Test RMSE printed by {@code zstar train --json} with the same options. */
    static double directTestRmse(Path dir, String model, String... extra) throws Exception {
        Result r = run(args(concat(new String[] {"train", "--model", model, "--data", ExperimentFixtures.fixture(),
            "--train-frames", "0-9", "--test-frames", "10-13", "--json", "--out", dir.resolve(model + ".model").toString()},
                COMMON), extra));
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out()).get("test").get("rmse").asDouble();
    }

    @Test
    void learningCurveWritesConsistentOutputsAndItsFullPoolEqualsTrain(@TempDir Path dir) throws Exception {
        String prefix = dir.resolve("lc").toString();
        Result r = run(args(concat(new String[] {"learning-curve", "--data", ExperimentFixtures.fixture(),
            "--train-frames", "0-9", "--test-frames", "10-13", "--sizes", "3", "--repeats", "2", "--out", prefix}, COMMON)));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("monopole", "dipole", "combined");
        List<String> csv = Files.readAllLines(Path.of(prefix + ".csv"));
        assertThat(csv).hasSize(1 + 3 * 2);
        assertThat(csv.get(0)).startsWith("model,train_frames,repeats,train_rmse_mean");
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            assertThat(f).hasSize(14);
            for (int k = 3; k < f.length; k++) {
                assertThat(Double.parseDouble(f[k])).as(line).isFinite().isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(Files.size(Path.of(prefix + ".png"))).isGreaterThan(5000);
        assertThat(Files.readString(Path.of(prefix + ".svg"))).contains("<svg");
        JsonNode j = json(Path.of(prefix + ".json"));
        assertThat(j.get("pool_frames").asInt()).isEqualTo(10);
        assertThat(j.get("test_frames").asInt()).isEqualTo(4);
        double std = j.get("test_reference_std").asDouble();
        for (JsonNode p : j.get("points")) {
            int size = p.get("train_frames").asInt();
            assertThat(p.get("repeats").asInt()).isEqualTo(size == 10 ? 1 : 2);
            double rmse = p.get("test_rmse").get("mean").asDouble();
            assertThat(p.get("test_nrmse").get("mean").asDouble()).isCloseTo(rmse / std, within(1e-12));
            assertThat(p.get("test_mae").get("mean").asDouble()).isLessThanOrEqualTo(rmse + 1e-15);
            if (size == 10) {
                String model = p.get("model").asText();
                assertThat(rmse).as(model).isCloseTo(directTestRmse(dir, model), within(1e-9));
            }
        }
    }

    @Test
    void regScanPointEqualsTrainAndPartitionPartsSumToTheBec(@TempDir Path dir) throws Exception {
        String prefix = dir.resolve("rs").toString();
        Path model = dir.resolve("best.model");
        Result r = run(args(concat(new String[] {"reg-scan", "--data", ExperimentFixtures.fixture(), "--train-frames",
            "0-9", "--test-frames", "10-13", "--lambda-w", "1e-8,1e-3", "--lambda-q", "0,0.5", "--save-model",
            model.toString(), "--out", prefix}, COMMON)));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(Path.of(prefix + ".csv"));
        assertThat(csv.get(0)).isEqualTo("lambda_w,lambda_q,train_rmse,test_rmse,test_mae,test_nrmse,mean_q_H,mean_q_O,max_abs_q,max_abs_p");
        assertThat(csv).hasSize(5);
        JsonNode j = json(Path.of(prefix + ".json"));
        JsonNode pts = j.get("points");
        assertThat(pts).hasSize(4);
        for (JsonNode p : pts) {
            for (String k : List.of("train_rmse", "test_rmse", "max_abs_charge", "max_abs_dipole")) {
                assertThat(p.get(k).asDouble()).isFinite().isGreaterThanOrEqualTo(0);
            }
            // neutral frames, 2 H per O: mean charges satisfy 2 q_H + q_O = 0 over the test atoms
            double qh = p.get("mean_charge").get("H").asDouble();
            double qo = p.get("mean_charge").get("O").asDouble();
            assertThat(2 * qh + qo).isCloseTo(0.0, within(1e-9));
            assertThat(p.get("max_abs_charge").asDouble()).isGreaterThanOrEqualTo(Math.abs(qo) - 1e-12);
        }
        // row-major: lambda_q outer; point (1e-3, 0.5) equals a direct train at those strengths
        JsonNode last = pts.get(3);
        assertThat(last.get("lambda_w").asDouble()).isEqualTo(1e-3);
        assertThat(last.get("lambda_q").asDouble()).isEqualTo(0.5);
        assertThat(last.get("test_rmse").asDouble()).isCloseTo(
                directTestRmse(dir, "combined", "--lambda-w", "1e-3", "--lambda-q", "0.5"), within(1e-9));
        assertThat(Files.size(Path.of(prefix + ".png"))).isGreaterThan(5000);
        assertThat(Files.exists(model)).isTrue();

        String pp = dir.resolve("pt").toString();
        Result p = run("partition", "--model", model.toString(), "--data", ExperimentFixtures.fixture(), "--frames",
                "10-13", "--out", pp);
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).contains("H", "O", "nominal");
        JsonNode pj = json(Path.of(pp + ".json"));
        for (String sp : List.of("H", "O")) {
            JsonNode e = pj.get("species").get(sp);
            double sum = 0;
            double share = 0;
            for (String t : Partition.TERMS) {
                sum += e.get("iso_parts").get(t).get("mean").asDouble();
                share += e.get("iso_share").get(t).asDouble();
            }
            assertThat(sum).isCloseTo(e.get("model_iso").get("mean").asDouble(), within(1e-9));
            assertThat(share).isCloseTo(1.0, within(1e-9));
            assertThat(e.get("iso_parts").get("monopole").get("mean").asDouble())
                    .isCloseTo(e.get("q").get("mean").asDouble(), within(1e-12));
            assertThat(e.get("atoms").asInt()).isEqualTo(sp.equals("H") ? 24 : 12);
        }
        assertThat(pj.get("species").get("O").get("nominal").asDouble()).isEqualTo(-2.0);
        assertThat(Files.readAllLines(Path.of(pp + ".csv"))).hasSize(3);
        assertThat(Files.size(Path.of(pp + ".png"))).isGreaterThan(5000);
    }

    @Test
    void userErrorsExitWithTwo(@TempDir Path dir) {
        Result a = run(args(new String[] {"learning-curve", "--data", ExperimentFixtures.fixture(), "--train-frames",
            "0-9", "--test-frames", "10-13", "--sizes", "50", "--out", dir.resolve("x").toString()}));
        assertThat(a.code()).isEqualTo(2);
        assertThat(a.err()).contains("--sizes");
        Result b = run(args(new String[] {"reg-scan", "--data", ExperimentFixtures.fixture(), "--lambda-q", "log:1:2",
            "--out", dir.resolve("y").toString()}));
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("--lambda-q");
        Result c = run(args(new String[] {"reg-scan", "--model", "dipole", "--data", ExperimentFixtures.fixture(),
            "--lambda-q", "1", "--out", dir.resolve("z").toString()}));
        assertThat(c.code()).isEqualTo(2);
    }
}
