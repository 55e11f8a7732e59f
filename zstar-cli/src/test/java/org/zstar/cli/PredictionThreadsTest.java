package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.testutil.SharedData;

/** {@code --threads} of predict, eval and ir: it bounds the workers, and predictions do not depend on it. */
class PredictionThreadsTest {
    @TempDir
    Path dir;

    @Test
    void parallelWorkInsideTheBodyRunsOnExactlyTheGivenWorkers() throws Exception {
        for (int n : new int[] {1, 2}) {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            WorkerThreads.call(n, () -> {
                IntStream.range(0, 2000).parallel().forEach(i -> {
                    seen.add(Thread.currentThread());
                    Math.sin(i); // some work per element
                });
                return null;
            });
            assertThat(seen.size()).isBetween(1, n);
            assertThat(seen).allMatch(t -> t.getName().startsWith("ForkJoinPool-")
                    && !t.getName().startsWith("ForkJoinPool.commonPool"));
        }
    }

    @Test
    void predictWritesTheSameFileForOneAndTwoThreads() throws Exception {
        Path d = SharedData.require("zro2-vasp-outcar");
        Path model = dir.resolve("m.zstar");
        String[] r = CliRun.run("train", "--model", "combined", "--dipole-kernel", "features",
                "--dipole-modulators", "2", "--charge-offsets", "--charge-refs", "Zr=10,O=20", "--n2", "5", "--n3", "3",
                "--lmax", "2", "--threads", "1", "--out", model.toString(), "--data",
                d.resolve("OUTCAR.2.gz").toString(), d.resolve("OUTCAR.3.gz").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        Path one = dir.resolve("one.xyz");
        Path two = dir.resolve("two.xyz");
        String frame = d.resolve("OUTCAR.110.gz").toString();
        for (Object[] c : new Object[][] {{"1", one}, {"2", two}}) {
            String[] p = CliRun.run("predict", "--model", model.toString(), "--data", frame,
                    "--threads", (String) c[0], "--out", c[1].toString());
            assertThat(p[0]).as(p[2]).isEqualTo("0");
        }
        assertThat(Files.readAllBytes(two)).isEqualTo(Files.readAllBytes(one));
        String[] e = CliRun.run("eval", "--model", model.toString(), "--data", frame,
                "--threads", "1", "--json");
        assertThat(e[0]).as(e[2]).isEqualTo("0");
    }

    @Test
    void threadsBelowOneIsAUsageError() {
        for (String cmd : new String[] {"predict", "eval"}) {
            String[] r = cmd.equals("predict")
                    ? CliRun.run(cmd, "--model", "m.zstar", "--data", "x.xyz", "--threads", "0",
                            "--out", dir.resolve("o.xyz").toString())
                    : CliRun.run(cmd, "--model", "m.zstar", "--data", "x.xyz", "--threads", "0");
            assertThat(r[0]).as(cmd + ": " + r[2]).isEqualTo("2");
            assertThat(r[2]).contains("--threads");
        }
        String[] ir = CliRun.run("ir", "--charges", "O=-2,H=1", "--traj", "t.xyz", "--dt", "1",
                "--temperature", "300", "--threads", "0", "--out", dir.resolve("ir").toString());
        assertThat(ir[0]).as(ir[2]).isEqualTo("2");
        assertThat(ir[2]).contains("--threads");
    }
}
