package org.zstar.cli;

import static org.zstar.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.analysis.BecRowsVerdict;
import org.zstar.io.BecRows;
import org.zstar.io.ExtXyzWriter;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.ModelFiles;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.testutil.SharedData;
import org.zstar.util.UserInputException;

/**
 * train, eval and demo read the BEC rows the way the rotational sum rule of the data says when it decides
 * clearly (isolated molecules), say so on stderr, and refuse an explicit --bec-rows that the data contradict
 * unless --force-bec-rows.
 */
class BecRowsFromDataTest {
    @TempDir
    Path dir;

    static final double[] Q = {-0.8, 0.4, 0.4};
    static final double C = 0.3;

    /**
     * A water-like molecule whose dipole mu = sum_j q_j r_j + C (r_1 - r_0) x (r_2 - r_0) turns with the molecule,
     * and its exact BECs Z_j[a][b] = dmu_a/dr_{j,b} (rows = field): with d1 = r_1 - r_0, d2 = r_2 - r_0,
     * d(d1 x d2)_a/d(d1)_b = eps_abc d2_c and d(d1 x d2)_a/d(d2)_b = -eps_abc d1_c. The cross-product part is
     * antisymmetric, so only one row reading satisfies the rotational sum rule.
     */
    static Structure molecule(Random rnd) {
        double[] r = {0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0};
        for (int k = 0; k < 9; k++) {
            r[k] += 0.1 * rnd.nextGaussian() + (k % 3 == 2 ? 5 : 3);
        }
        return Structure.builder().symbols("O", "H", "H").positions(r).bec(becs(r)).dipole(dipole(r)).build();
    }

    static double[] dipole(double[] r) {
        double[] mu = new double[3];
        for (int j = 0; j < 3; j++) {
            for (int a = 0; a < 3; a++) {
                mu[a] += Q[j] * r[3 * j + a];
            }
        }
        double[] d1 = {r[3] - r[0], r[4] - r[1], r[5] - r[2]};
        double[] d2 = {r[6] - r[0], r[7] - r[1], r[8] - r[2]};
        mu[0] += C * (d1[1] * d2[2] - d1[2] * d2[1]);
        mu[1] += C * (d1[2] * d2[0] - d1[0] * d2[2]);
        mu[2] += C * (d1[0] * d2[1] - d1[1] * d2[0]);
        return mu;
    }

    static double[] becs(double[] r) {
        double[] d1 = {r[3] - r[0], r[4] - r[1], r[5] - r[2]};
        double[] d2 = {r[6] - r[0], r[7] - r[1], r[8] - r[2]};
        double[] z = new double[27];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double a1 = 0;
                double a2 = 0;
                for (int c = 0; c < 3; c++) {
                    a1 += levi(a, b, c) * d2[c];
                    a2 -= levi(a, b, c) * d1[c];
                }
                z[9 + 3 * a + b] = (a == b ? Q[1] : 0) + C * a1;
                z[18 + 3 * a + b] = (a == b ? Q[2] : 0) + C * a2;
                z[3 * a + b] = (a == b ? Q[0] : 0) - C * (a1 + a2);
            }
        }
        return z;
    }

    static double levi(int i, int j, int k) {
        return org.zstar.analysis.BecSumRules.levi(i, j, k);
    }

    static double[] transposed(double[] bec) {
        double[] t = bec.clone();
        BecRows.DISPLACEMENT.toFieldRows(t);
        return t;
    }

    /** Frames of the molecule; the file stores each block transposed (rows = displacement) when asked. */
    Path file(String name, int frames, boolean storeTransposed, boolean periodic) {
        Random rnd = new Random(7);
        List<Structure> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            Structure s = molecule(rnd);
            Structure.Builder b = s.toBuilder().bec(storeTransposed ? transposed(s.bec()) : s.bec());
            if (periodic) {
                b.cell(new Cell(new double[] {10, 0, 0, 0, 10, 0, 0, 0, 10}, new boolean[] {true, true, true}));
            }
            out.add(b.build());
        }
        Path p = dir.resolve(name);
        ExtXyzWriter.write(p, out);
        return p;
    }

    @Test
    void syntheticBecsAreTheDerivativeOfTheDipole() {
        Structure s = molecule(new Random(1));
        double[] r = s.positions();
        double h = 1e-6;
        for (int j = 0; j < 3; j++) {
            for (int b = 0; b < 3; b++) {
                double[] plus = r.clone();
                double[] minus = r.clone();
                plus[3 * j + b] += h;
                minus[3 * j + b] -= h;
                double[] mp = dipole(plus);
                double[] mm = dipole(minus);
                for (int a = 0; a < 3; a++) {
                    assertThat(s.bec()[9 * j + 3 * a + b]).as("Z[%d][%d][%d]", j, a, b)
                            .isCloseTo((mp[a] - mm[a]) / (2 * h), within(1e-8));
                }
            }
        }
        BecRowsVerdict v = BecRowsVerdict.of(List.of(s));
        assertThat(v.asReadFits()).isTrue();
        assertThat(v.asReadMean()).isLessThan(1e-12);
    }

    static List<Structure> read(Path p, String rows, boolean force, StringWriter err) {
        return DataOptions.read(List.of(p), rows, force, null, new PrintWriter(err, true), new LinkedHashMap<>(), null);
    }

    @Test
    void autoReadsRowsAsTheDataSayAndSaysSo() {
        Path p = file("displacement-rows.xyz", 4, true, false);
        StringWriter err = new StringWriter();
        List<Structure> frames = read(p, "auto", false, err);
        Random rnd = new Random(7);
        for (Structure s : frames) {
            assertThat(s.bec()).containsExactly(molecule(rnd).bec(), within(1e-12));
        }
        assertThat(err.toString()).contains(p + ": BEC rows read as displacement (the rotational sum rule of 4 "
                + "molecular frames");
        // a file with field rows is read as it is, and that is said too
        StringWriter err2 = new StringWriter();
        Path q = file("field-rows.xyz", 3, false, false);
        assertThat(read(q, "auto", false, err2).get(0).bec()).containsExactly(molecule(new Random(7)).bec());
        assertThat(err2.toString()).contains(q + ": BEC rows read as field");
    }

    @Test
    void anExplicitValueTheDataContradictIsAnErrorUnlessForced() {
        Path p = file("displacement-rows.xyz", 4, true, false);
        assertThatThrownBy(() -> read(p, "field", false, new StringWriter())).isInstanceOf(UserInputException.class)
                .hasMessageContaining(p + ": --bec-rows field contradicts the data")
                .hasMessageContaining("use --bec-rows displacement").hasMessageContaining("--force-bec-rows");
        List<Structure> forced = read(p, "field", true, new StringWriter());
        assertThat(forced.get(0).bec()).containsExactly(transposed(molecule(new Random(7)).bec()), within(1e-12));
        List<Structure> right = read(p, "displacement", false, new StringWriter());
        assertThat(right.get(0).bec()).containsExactly(molecule(new Random(7)).bec(), within(1e-12));
        assertThatThrownBy(() -> read(p, "auto", true, new StringWriter())).isInstanceOf(UserInputException.class)
                .hasMessageContaining("--force-bec-rows needs --bec-rows field or --bec-rows displacement");
    }

    @Test
    void periodicDataCannotTellAndAreReadAsAsked() {
        Path p = file("periodic.xyz", 3, true, true);
        StringWriter err = new StringWriter();
        List<Structure> frames = read(p, "auto", false, err);
        assertThat(frames.get(0).bec()).containsExactly(transposed(molecule(new Random(7)).bec()));
        assertThat(err.toString()).isEmpty();
    }


    @Test
    void trainRecordsTheRowsItUsedAndDemoHasTheOption() {
        Path p = file("displacement-rows.xyz", 6, true, false);
        Path model = dir.resolve("m.zstar");
        String[] r = run("train", "--model", "monopole", "--data", p.toString(), "--test-frames", "5",
                "--charge-refs", "2", "--threads", "1", "--out", model.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[2]).contains("BEC rows read as displacement");
        @SuppressWarnings("unchecked")
        Map<String, String> rows = (Map<String, String>) ModelFiles.load(model).metadata().get("bec_rows");
        assertThat(rows).containsEntry(p.toString(), "displacement");
        String[] e = run("eval", "--model", model.toString(), "--data", p.toString(), "--bec-rows", "field");
        assertThat(e[0]).isEqualTo("2");
        assertThat(e[2]).contains("contradicts the data");
        String[] d = run("demo", "--data", p.toString(), "--bec-rows", "field", "--no-md", "--out",
                dir.resolve("demo").toString());
        assertThat(d[0]).isEqualTo("2");
        assertThat(d[2]).contains("--bec-rows field contradicts the data");
        assertThat(dir.resolve("demo")).doesNotExist();
        String[] builtIn = run("demo", "--bec-rows", "displacement", "--no-md");
        assertThat(builtIn[0]).isEqualTo("2");
        assertThat(builtIn[2]).contains("apply to --data files");
    }

    @Test
    void waterClustersAreReadWithDisplacementRows() {
        Path w = SharedData.require("water-clusters-spice/water_clusters_bec.xyz");
        List<Structure> asStored = Readers.readAll(List.of(w), ReadOptions.DEFAULTS);
        BecRowsVerdict v = BecRowsVerdict.of(asStored);
        assertThat(v.frames()).isEqualTo(81);
        assertThat(v.transposedFits()).isTrue();
        StringWriter err = new StringWriter();
        List<Structure> auto = read(w, "auto", false, err);
        assertThat(auto.get(0).bec()).containsExactly(transposed(asStored.get(0).bec()));
        assertThat(err.toString()).contains("BEC rows read as displacement");
    }

    /** Files read in parallel give the same frames, messages and first error (in file order) as one by one. */
    @Test
    void parallelReadingKeepsFileOrderAndTheFirstError() throws Exception {
        List<Path> good = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            good.add(file("good" + k + ".xyz", 2 + k, k % 2 == 0, false));
        }
        StringWriter err1 = new StringWriter();
        StringWriter err4 = new StringWriter();
        List<Structure> one = DataOptions.read(good, "auto", false, null, new PrintWriter(err1, true),
                new LinkedHashMap<>(), null, 1);
        List<Structure> four = DataOptions.read(good, "auto", false, null, new PrintWriter(err4, true),
                new LinkedHashMap<>(), null, 4);
        assertThat(four).hasSize(one.size()).hasSize(2 + 3 + 4 + 5 + 6);
        for (int f = 0; f < one.size(); f++) {
            assertThat(four.get(f).bec()).containsExactly(one.get(f).bec());
            assertThat(four.get(f).positionsView()).containsExactly(one.get(f).positionsView());
        }
        assertThat(err4.toString()).isEqualTo(err1.toString());
        Path bad1 = dir.resolve("bad1.xyz");
        Files.writeString(bad1, "3\nProperties=species:S:1:pos:R:3\nO 0 0\n");
        Path bad2 = dir.resolve("bad2.xyz");
        Files.writeString(bad2, "not a number\n");
        List<Path> mixed = List.of(good.get(0), bad2, good.get(1), bad1);
        for (int threads : new int[] {1, 4}) {
            assertThatThrownBy(() -> DataOptions.read(mixed, "auto", false, null, new PrintWriter(new StringWriter()),
                    new LinkedHashMap<>(), null, threads)).hasMessageContaining("bad2.xyz");
        }
    }
}
