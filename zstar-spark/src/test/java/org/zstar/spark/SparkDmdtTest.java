package org.zstar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.spectra.DipoleDerivativeCsv;
import org.zstar.structure.Structure;

/** zstar spark dmdt against zstar dmdt, on one local[2] context (3 attempts per task, for the retry test). */
class SparkDmdtTest {
    @TempDir
    static Path dir;
    static JavaSparkContext sc;
    static Path model;

    @BeforeAll
    static void start() throws IOException {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,3]").setAppName("zstar test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false"));
        sc.setLogLevel("WARN");
        SparkMain.shared = sc;
        Path cells = dir.resolve("cells.xyz");
        SparkTestData.writeXyz(cells, SparkTestData.cells(10, 11));
        model = dir.resolve("model.json");
        StringWriter log = new StringWriter();
        int code = SparkTestData.zstar(log, "train", "--model", "combined", "--data", cells.toString(), "--r2", "4",
                "--r3", "3.5", "--n2", "4", "--n3", "3", "--lmax", "2", "--charge-refs", "6", "--dipole-refs", "6",
                "--threads", "1", "--out", model.toString());
        assertThat(code).as(log.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        SparkMain.shared = null;
        if (sc != null) {
            sc.stop();
        }
    }

    /** zstar dmdt and zstar spark dmdt with the same arguments (plus the Spark ones); returns both CSVs. */
    static List<List<String>> both(String name, List<String> args, String... sparkArgs) throws IOException {
        Path single = dir.resolve(name + "-single.csv");
        Path spark = dir.resolve(name + "-spark.csv");
        StringWriter log = new StringWriter();
        List<String> a = new ArrayList<>(List.of("dmdt", "--out", single.toString()));
        a.addAll(args);
        assertThat(SparkTestData.zstar(log, a.toArray(new String[0]))).as(log.toString()).isZero();
        List<String> b = new ArrayList<>(List.of("dmdt", "--master", "local[2]", "--out", spark.toString()));
        b.addAll(List.of(sparkArgs));
        b.addAll(args);
        assertThat(SparkTestData.spark(log, b.toArray(new String[0]))).as(log.toString()).isZero();
        return List.of(Files.readAllLines(single), Files.readAllLines(spark));
    }

    static void assertSame(List<List<String>> csv, int frames, Path anyOf) {
        assertThat(csv.get(1)).hasSize(frames + 1);
        assertThat(csv.get(1)).isEqualTo(csv.get(0));
        // and, as numbers, within 1e-12 of the largest |dM/dt| (holds trivially when the text is equal)
        double[] a = DipoleDerivativeCsv.read(write(anyOf.resolveSibling("a.csv"), csv.get(0))).series();
        double[] b = DipoleDerivativeCsv.read(write(anyOf.resolveSibling("b.csv"), csv.get(1))).series();
        double scale = 0;
        for (double x : a) {
            scale = Math.max(scale, Math.abs(x));
        }
        assertThat(scale).isGreaterThan(0);
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - b[i])).isLessThanOrEqualTo(1e-12 * scale);
        }
    }

    static Path write(Path p, List<String> lines) {
        try {
            return Files.write(p, lines);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void extendedXyzInTwoFilesByDifferencesEqualsZstarDmdt() throws IOException {
        List<Structure> frames = SparkTestData.trajectory(61, 0.5, 2);
        Path a = dir.resolve("part1.xyz");
        Path b = dir.resolve("part2.xyz");
        SparkTestData.writeXyz(a, frames.subList(0, 30));
        SparkTestData.writeXyz(b, frames.subList(30, 61));
        // 2 KB chunks: the index runs over many tasks, frames straddle chunk ends; 5 partitions of 4-frame blocks
        List<List<String>> csv = both("xyz", List.of("--model", model.toString(), "--ignore-velocities",
                "--block-frames", "4", "--traj", a.toString(), b.toString()), "--chunk-mb", "0.002", "--partitions", "5");
        assertSame(csv, 61, a);
        assertThat(csv.get(0).get(1)).startsWith("0.000000,");
        assertThat(csv.get(0).get(61)).startsWith("30.000000,");
    }

    @Test
    void lammpsDumpWithVelocitiesEqualsZstarDmdt() throws IOException {
        Path dump = dir.resolve("t.dump");
        SparkTestData.writeDump(dump, SparkTestData.trajectory(45, 0.5, 3), 10);
        List<List<String>> csv = both("dump", List.of("--model", model.toString(), "--dt", "0.5", "--type-map",
                "1=Na,2=Cl", "--block-frames", "8", "--traj", dump.toString()), "--chunk-mb", "0.001",
                "--partitions", "3");
        assertSame(csv, 45, dump);
    }

    @Test
    void gzipExtendedXyzAndPlainPartsByDifferencesEqualZstarDmdt() throws IOException {
        List<Structure> frames = SparkTestData.trajectory(57, 0.5, 9);
        Path a = dir.resolve("gz-part1.xyz");
        Path b = dir.resolve("gz-part2.xyz");
        SparkTestData.writeXyz(a, frames.subList(0, 33));
        SparkTestData.writeXyz(b, frames.subList(33, 57));
        Path agz = SparkTestData.gzip(a, dir.resolve("gz-part1.xyz.gz"), 2);
        // a gzip part then a plain part of one trajectory, 6 partitions (4 inside the gzip part), halo frames
        // across the file boundary
        List<List<String>> csv = both("xyzgz", List.of("--model", model.toString(), "--ignore-velocities",
                "--block-frames", "5", "--traj", agz.toString(), b.toString()), "--chunk-mb", "0.002",
                "--partitions", "6");
        assertSame(csv, 57, a);
    }

    @Test
    void gzipLammpsDumpWithVelocitiesEqualsZstarDmdt() throws IOException {
        Path dump = dir.resolve("gz.dump");
        SparkTestData.writeDump(dump, SparkTestData.trajectory(38, 0.5, 10), 10);
        Path gz = SparkTestData.gzip(dump, dir.resolve("gz.lammpstrj.gz"), 1);
        List<List<String>> csv = both("dumpgz", List.of("--model", model.toString(), "--dt", "0.5", "--type-map",
                "1=Na,2=Cl", "--block-frames", "6", "--traj", gz.toString()), "--partitions", "4");
        assertSame(csv, 38, dump);
    }

    @Test
    void aBadFrameInAGzipFileNamesItsFileAndLine() throws IOException {
        Path p = dir.resolve("badgz.xyz");
        SparkTestData.writeXyz(p, SparkTestData.trajectory(50, 0.5, 5));
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        String[] t = lines.get(404).trim().split("\\s+"); // line 405: an atom of frame 40, in the last partition
        t[2] = "4.5.6";
        lines.set(404, String.join(" ", t));
        Files.write(p, lines);
        Path gz = SparkTestData.gzip(p, dir.resolve("badgz.xyz.gz"), 1);
        StringWriter log = new StringWriter();
        int code = SparkTestData.spark(log, "dmdt", "--model", model.toString(), "--traj", gz.toString(),
                "--block-frames", "4", "--partitions", "4", "--out", dir.resolve("badgz.csv").toString());
        assertThat(code).as(log.toString()).isEqualTo(2);
        assertThat(log.toString()).contains(gz + ":405:").contains("4.5.6");
        assertThat(Files.exists(dir.resolve("badgz.csv"))).isFalse();
    }

    @Test
    void progressLinesCountPredictedFramesUpToTheTotal() throws IOException {
        Path p = dir.resolve("progress.xyz");
        SparkTestData.writeXyz(p, SparkTestData.trajectory(48, 0.5, 12));
        StringWriter log = new StringWriter();
        int code = SparkTestData.spark(log, "dmdt", "--model", model.toString(), "--traj", p.toString(),
                "--block-frames", "4", "--partitions", "6", "--progress-s", "0.01", "--out",
                dir.resolve("progress.csv").toString());
        assertThat(code).as(log.toString()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("zstar spark dmdt: predicted (\\d+) of (\\d+) frames")
                .matcher(log.toString());
        int lines = 0;
        while (m.find()) {
            lines++;
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(48);
            assertThat(Integer.parseInt(m.group(1))).isBetween(0, 48);
        }
        assertThat(lines).as(log.toString()).isPositive();
    }

    @Test
    void aBadFrameNamesItsFileAndLineFromTheExecutor() throws IOException {
        Path p = dir.resolve("bad.xyz");
        SparkTestData.writeXyz(p, SparkTestData.trajectory(50, 0.5, 5));
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        // frame 40 starts at line 401 (10 lines a frame); its third atom is on line 405
        String[] t = lines.get(404).trim().split("\\s+");
        t[1] = "1.2.3";
        lines.set(404, String.join(" ", t));
        Files.write(p, lines);
        StringWriter log = new StringWriter();
        int code = SparkTestData.spark(log, "dmdt", "--model", model.toString(), "--traj", p.toString(),
                "--block-frames", "4", "--partitions", "4", "--out", dir.resolve("bad.csv").toString());
        assertThat(code).as(log.toString()).isEqualTo(2);
        assertThat(log.toString()).contains(p + ":405:").contains("1.2.3");
        assertThat(Files.exists(dir.resolve("bad.csv"))).isFalse();
    }

    @Test
    void aRetriedTaskDuplicatesNoRows() throws IOException {
        Path p = dir.resolve("retry.xyz");
        SparkTestData.writeXyz(p, SparkTestData.trajectory(40, 0.5, 6));
        SparkDmdt.failFirstAttempt = part -> part == 1 || part == 2;
        try {
            List<List<String>> csv = both("retry", List.of("--model", model.toString(), "--block-frames", "4",
                    "--traj", p.toString()), "--partitions", "4");
            assertSame(csv, 40, p);
        } finally {
            SparkDmdt.failFirstAttempt = part -> false;
        }
    }
}
