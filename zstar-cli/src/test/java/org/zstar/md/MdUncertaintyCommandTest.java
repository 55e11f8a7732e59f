package org.zstar.md;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.cli.Main;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.Descriptors;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.ExtXyzWriter;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.BecModelSpec;
import org.zstar.models.BecPosterior;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.models.ReferenceEnvironments;
import org.zstar.models.UnitDescriptor;
import org.zstar.spectra.DipoleDerivativeCsv;
import org.zstar.structure.Structure;
import picocli.CommandLine;

/** md with the models' posteriors: the extrapolation monitor of the force field and md --bec-samples. */
class MdUncertaintyCommandTest {
    private static final List<String> SPECIES = List.of("H", "O");

    /** A posterior V = I with noise variance s2 over n columns. */
    static BecPosterior identity(int n, double s2) {
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        return new BecPosterior(n, v, s2, n, 1000, null);
    }

    record Models(KernelForceField ff, KernelBecModel bec, Structure water) {
    }

    /** The toy force field and monopole BEC model of {@link MdCommandTest}, each with a posterior. */
    static Models models() {
        ScalarDescriptor descriptor = new ScalarDescriptor(new DescriptorParameters(SPECIES, 3.5, 3.0, 0.5, 4, 3, 2,
                0.1, 0.02));
        Structure water = MdCommandTest.waterBox(new Random(1));
        DescriptorSet u = Descriptors.normalize(descriptor.compute(water, false));
        int f = u.components;
        Random rnd = new Random(2);
        double[][] refs = new double[2][];
        double[][] w = new double[2][];
        for (int s = 0; s < 2; s++) {
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < water.size(); i++) {
                if (water.symbol(i).equals(SPECIES.get(s))) {
                    rows.add(java.util.Arrays.copyOfRange(u.values, i * f, i * f + f));
                }
            }
            refs[s] = new double[3 * f];
            w[s] = new double[3];
            for (int b = 0; b < 3; b++) {
                System.arraycopy(rows.get(b), 0, refs[s], b * f, f);
                w[s][b] = 0.05 * rnd.nextGaussian();
            }
        }
        KernelForceField ff = new KernelForceField(descriptor, SPECIES, 2, refs, w, new double[] {-3.0, -5.0},
                Map.of(), new KernelForceField.Posterior(identity(6, 1e-4), false, 1.0, 1.0));
        ReferenceEnvironments re = new ReferenceEnvironments(SPECIES, new double[][] {refs[0].clone(),
            refs[1].clone()}, f, null, null, 0, false);
        double[] bw = new double[re.columns()];
        for (int k = 0; k < bw.length; k++) {
            bw[k] = 0.3 * rnd.nextGaussian();
        }
        KernelBecModel bec = new KernelBecModel(BecModelSpec.defaults(ModelKind.MONOPOLE), new UnitDescriptor(descriptor),
                null, re, bw, null, Map.of()).withPosterior(identity(bw.length, 1e-4));
        return new Models(ff, bec, water);
    }

    private static String lastOut;
    private static String lastErr;

    private static int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        lastOut = out.toString();
        lastErr = err.toString();
        return code;
    }

    @Test
    void extrapolationMonitorCountsAndWritesCandidatesAndBecSamplesReachTheDmdtFile(@TempDir Path dir)
            throws Exception {
        Models m = models();
        Path ffFile = dir.resolve("ff.json.gz");
        ForceFieldFiles.save(m.ff(), ffFile);
        Path becFile = dir.resolve("bec.zstar");
        ModelFiles.save(m.bec(), becFile);
        Path start = dir.resolve("start.xyz");
        ExtXyzWriter.write(start, List.of(m.water()));
        double rms = ForceFieldFiles.load(ffFile).uncertainty(m.water()).rmsForceModel();
        assertThat(rms).isPositive();
        String[] common = {"md", "--ff", ffFile.toString(), "--structure", start.toString(), "--temperature", "300",
            "--dt", "0.5", "--steps", "12", "--thermostat", "bussi", "--tau", "20", "--seed", "3", "--threads", "1"};
        // every checked state above a tiny threshold: all written as candidates
        List<String> a = new ArrayList<>(List.of(common));
        a.addAll(List.of("--extrapolation-threshold", "1e-12", "--extrapolation-every", "4", "--bec-model",
                becFile.toString(), "--bec-samples", "2", "--bec-every", "2", "--out", dir.resolve("a").toString()));
        assertThat(run(a.toArray(new String[0]))).as(lastErr).isZero();
        assertThat(lastOut).contains("extrapolation (force field): 4 of 4 checked states above").contains("a-candidates.xyz");
        List<Structure> cand = Readers.open(dir.resolve("a-candidates.xyz"), ReadOptions.DEFAULTS).readAll();
        assertThat(cand).hasSize(4); // steps 0, 4, 8, 12
        assertThat(cand.get(3).info().get("step").toString()).startsWith("12");
        DipoleDerivativeCsv.Series d = DipoleDerivativeCsv.read(dir.resolve("a-dmdt.csv"));
        assertThat(d.samples()).hasSize(2);
        assertThat(d.samples().get(0)).isNotEqualTo(d.series());
        // a threshold far above the indicator: nothing is a candidate
        List<String> b = new ArrayList<>(List.of(common));
        b.addAll(List.of("--extrapolation-threshold", String.valueOf(1e6 * rms), "--out", dir.resolve("b").toString()));
        assertThat(run(b.toArray(new String[0]))).as(lastErr).isZero();
        assertThat(lastOut).contains("extrapolation (force field): 0 of 2 checked states above");
        // refusals: a force field without a posterior, a single BEC sample
        Path plain = dir.resolve("plain.json.gz");
        ForceFieldFiles.save(m.ff().withPosterior(null), plain);
        List<String> c = new ArrayList<>(List.of(common));
        c.set(2, plain.toString());
        c.addAll(List.of("--extrapolation-threshold", "0.1", "--out", dir.resolve("c").toString()));
        assertThat(run(c.toArray(new String[0]))).isEqualTo(2);
        assertThat(lastErr).contains("no weight posterior");
        List<String> e = new ArrayList<>(List.of(common));
        e.addAll(List.of("--bec-model", becFile.toString(), "--bec-samples", "1", "--out", dir.resolve("e").toString()));
        assertThat(run(e.toArray(new String[0]))).isEqualTo(2);
        assertThat(lastErr).contains("--bec-samples");
        assertThat(Files.exists(dir.resolve("e.xyz"))).isFalse();
    }

    @Test
    void becModelMonitorCountsItsOwnStatesAndSharesTheCandidatesFile(@TempDir Path dir) throws Exception {
        Models m = models();
        Path ffFile = dir.resolve("ff.json.gz");
        ForceFieldFiles.save(m.ff(), ffFile);
        Path becFile = dir.resolve("bec.zstar");
        ModelFiles.save(m.bec(), becFile);
        Path start = dir.resolve("start.xyz");
        ExtXyzWriter.write(start, List.of(m.water()));
        // the indicator is the RMS of the per-component model sigmas of predict (U3)
        double indicator = org.zstar.models.UncertainPrediction.rmsBecModelStd(m.bec(), m.water());
        double[] sd = org.zstar.models.UncertainPrediction.of(m.bec(), m.water()).becModelStd();
        double ms = 0;
        for (double v : sd) {
            ms += v * v / sd.length;
        }
        assertThat(indicator).isPositive().isCloseTo(Math.sqrt(ms), org.assertj.core.api.Assertions.within(1e-12 * indicator));
        double ffRms = m.ff().uncertainty(m.water()).rmsForceModel();
        String[] common = {"md", "--ff", ffFile.toString(), "--structure", start.toString(), "--temperature", "300",
            "--dt", "0.5", "--steps", "12", "--thermostat", "bussi", "--tau", "20", "--seed", "3", "--threads", "1",
            "--bec-model", becFile.toString(), "--extrapolation-every", "4"};
        // the BEC model above its tiny threshold at every check, the force field never: 4 candidates from the BEC model
        List<String> a = new ArrayList<>(List.of(common));
        a.addAll(List.of("--bec-extrapolation-threshold", "1e-12", "--extrapolation-threshold",
                String.valueOf(1e6 * ffRms), "--out", dir.resolve("a").toString()));
        assertThat(run(a.toArray(new String[0]))).as(lastErr).isZero();
        assertThat(lastOut).contains("extrapolation (force field): 0 of 4 checked states above")
                .contains("extrapolation (BEC model): 4 of 4 checked states above 1.000e-12 e")
                .contains("extrapolation: 4 of 4 checked states above a threshold (candidates)");
        assertThat(Readers.open(dir.resolve("a-candidates.xyz"), ReadOptions.DEFAULTS).readAll()).hasSize(4);
        // the BEC model alone, far below its threshold: no candidate
        List<String> b = new ArrayList<>(List.of(common));
        b.addAll(List.of("--bec-extrapolation-threshold", String.valueOf(1e6 * indicator), "--out",
                dir.resolve("b").toString()));
        assertThat(run(b.toArray(new String[0]))).as(lastErr).isZero();
        assertThat(lastOut).contains("extrapolation (BEC model): 0 of 4 checked states above");
        // refusals: no BEC model, a BEC model without a posterior
        List<String> c = new ArrayList<>(List.of(common).subList(0, common.length - 4));
        c.addAll(List.of("--bec-extrapolation-threshold", "0.1", "--out", dir.resolve("c").toString()));
        assertThat(run(c.toArray(new String[0]))).isEqualTo(2);
        assertThat(lastErr).contains("--bec-extrapolation-threshold needs --bec-model");
        Path plain = dir.resolve("plain.zstar");
        ModelFiles.save(m.bec().withPosterior(null), plain);
        List<String> e = new ArrayList<>(List.of(common));
        e.set(e.indexOf(becFile.toString()), plain.toString());
        e.addAll(List.of("--bec-extrapolation-threshold", "0.1", "--out", dir.resolve("e").toString()));
        assertThat(run(e.toArray(new String[0]))).isEqualTo(2);
        assertThat(lastErr).contains("has none");
        assertThat(Files.exists(dir.resolve("e.xyz"))).isFalse();
    }
}
