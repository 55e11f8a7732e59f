package org.zstar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.structure.Structure;

/** zstar spark train against zstar train on the same data and options, on one local[2] context. */
class SparkTrainTest {
    @TempDir
    static Path dir;
    static JavaSparkContext sc;
    static Path a;
    static Path b;

    static final String[] SMALL = {"--r2", "4", "--r3", "3.5", "--n2", "4", "--n3", "3", "--lmax", "2",
        "--charge-refs", "6", "--dipole-refs", "6", "--threads", "2"};

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("zstar test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false"));
        sc.setLogLevel("WARN");
        SparkMain.shared = sc;
        List<Structure> cells = SparkTestData.cells(13, 21);
        a = dir.resolve("a.xyz");
        b = dir.resolve("b.xyz");
        SparkTestData.writeXyz(a, cells.subList(0, 5));
        SparkTestData.writeXyz(b, cells.subList(5, 13));
    }

    @AfterAll
    static void stop() {
        SparkMain.shared = null;
        if (sc != null) {
            sc.stop();
        }
    }

    /**
     * Weights of partial sums added in another order than zstar train's frame order, relative to the largest weight:
     * about cond(G + lambda I) x 1e-16, 1e-8 measured here; ten times that leaves room for Spark's order of
     * finishing tasks.
     */
    static final double SPLIT_SUMS = 1e-7;

    static KernelBecModel train(boolean spark, String name, String kind, String... extra) {
        Path out = dir.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of("train", "--model", kind, "--data", a.toString(), b.toString(),
                "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(extra));
        StringWriter log = new StringWriter();
        String[] argv = args.toArray(new String[0]);
        int code = spark ? SparkTestData.spark(log, argv) : SparkTestData.zstar(log, argv);
        assertThat(code).as(log.toString()).isZero();
        return ModelFiles.load(out);
    }

    static void assertSameModel(KernelBecModel expected, KernelBecModel got, double tolerance) {
        double[] w = expected.weights();
        double[] v = got.weights();
        assertThat(v).hasSameSizeAs(w);
        double scale = 0;
        for (double x : w) {
            scale = Math.max(scale, Math.abs(x));
        }
        assertThat(scale).isGreaterThan(0);
        for (int i = 0; i < w.length; i++) {
            assertThat(Math.abs(v[i] - w[i])).as("weight %d", i).isLessThanOrEqualTo(tolerance * scale);
        }
        // the same references and descriptors: the same BECs on a frame neither was trained on
        Structure probe = SparkTestData.cells(1, 99).get(0);
        double[] z = expected.predict(probe).bec();
        double[] y = got.predict(probe).bec();
        for (int i = 0; i < z.length; i++) {
            assertThat(Math.abs(y[i] - z[i])).isLessThanOrEqualTo(tolerance * 2);
        }
    }

    @Test
    void combinedModelEqualsZstarTrain() {
        KernelBecModel single = train(false, "single-combined", "combined");
        // one partition adds the frames' rows in zstar train's order (BecTrainer.assemble sums every frame, in frame
        // order, into one set of normal equations): the same model bit for bit, which checks the driver's setup, the
        // shell's model file round trip, the executors' reading and ASR projection and the descriptor options
        assertSameModel(single, train(true, "spark1-combined", "combined", "--partitions", "1"), 0);
        // more partitions add partial sums: the same terms in another order, so rounding only (measured 4.6e-9 and
        // 1.1e-9 relative with two and three, condition estimate 5e9 at lambda_w 1e-8)
        assertSameModel(single, train(true, "spark2-combined", "combined", "--partitions", "2"), SPLIT_SUMS);
        assertSameModel(single, train(true, "spark3-combined", "combined", "--partitions", "3"), SPLIT_SUMS);
    }

    @Test
    void dipoleModelWithMeanChargesEqualsZstarTrain() {
        KernelBecModel single = train(false, "single-dipole", "dipole", "--lambda-w", "1e-6");
        assertSameModel(single, train(true, "spark1-dipole", "dipole", "--lambda-w", "1e-6", "--partitions", "1"), 0);
        // split sums (measured 1.05e-8 and 7.7e-9 relative with two and four partitions; the same 6 + 7 frame split
        // summed in memory without Spark gives the same 1.05e-8): rounding of sums in another order
        assertSameModel(single, train(true, "spark2-dipole", "dipole", "--lambda-w", "1e-6", "--partitions", "2"),
                SPLIT_SUMS);
        assertSameModel(single, train(true, "spark4-dipole", "dipole", "--lambda-w", "1e-6", "--partitions", "4"),
                SPLIT_SUMS);
    }

    @Test
    void framesAreSplitIntoRunsAcrossFiles() {
        List<SparkTrain.Work> w = SparkTrain.split(List.of(Path.of("x"), Path.of("y")), List.of(5, 8), 3);
        assertThat(w).hasSize(3);
        // 13 frames: [0,4) [4,8) [8,13) over x (5 frames) and y (8 frames)
        assertThat(w.get(0).runs()).containsExactly(new SparkTrain.Run("x", 0, 4));
        assertThat(w.get(1).runs()).containsExactly(new SparkTrain.Run("x", 4, 1), new SparkTrain.Run("y", 0, 3));
        assertThat(w.get(2).runs()).containsExactly(new SparkTrain.Run("y", 3, 5));
    }
}
