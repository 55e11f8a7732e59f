package org.zstar.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.zstar.kernels.SparseSelection;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.linalg.NormalEquations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.zstar.util.UserInputException;

/**
 * {@code zstar bench-linalg}: times the streaming assembly of the normal equations (SYRK + GEMV over
 * blocks of rows) of a random rows x cols least-squares problem and its Cholesky and eigen solves, on
 * each backend. Block generation is not timed.
 */
@Command(name = "bench-linalg", header = "Benchmark the dense linear-algebra backends.", mixinStandardHelpOptions = true,
        description = "Benchmark the dense linear algebra backends on streaming normal equations.")
public final class BenchLinalgCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public BenchLinalgCommand() {
    }


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rows", defaultValue = "100000", description = "Rows of the design matrix (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--cols", defaultValue = "500", description = "Unknowns (default: ${DEFAULT-VALUE}).")
    int cols;

    @Option(names = "--block", defaultValue = "2000", description = "Rows per block (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--backend", defaultValue = "both",
            description = "netlib, ejml or both (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--lambda", defaultValue = "1e-8", description = "Tikhonov parameter (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--repeat", defaultValue = "2",
            description = "Timed repetitions per backend after one warm-up on a small problem; the best is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--selection", description = "Instead, time CUR and FPS selection of --references among "
            + "--rows random candidates with --cols features (60 latent factors plus noise).")
    boolean selection;

    @Option(names = "--references", defaultValue = "100",
            description = "References to select with --selection (default: ${DEFAULT-VALUE}).")
    int references;

    @Override
    public Integer call() {
        if (rows < 1 || cols < 1 || block < 1 || repeat < 1) {
            throw new UserInputException("--rows, --cols, --block and --repeat must be positive");
        }
        List<DenseBackend> list = new ArrayList<>();
        if (backend.equalsIgnoreCase("both")) {
            list.add(Backends.named("netlib"));
            list.add(Backends.named("ejml"));
        } else {
            list.add(Backends.named(backend));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (selection) {
            benchSelection(list, out);
            return 0;
        }
        out.printf("normal equations: %d rows x %d unknowns in blocks of %d rows, lambda %.3g%n", rows, cols, block, lambda);
        out.printf("%-8s %-8s %12s %10s %12s %12s %12s%n", "backend", "native", "assemble_s", "GFLOP/s",
                "cholesky_s", "eigen_s", "max|dw|");
        double[] wTrue = new double[cols];
        Random r0 = new Random(seed);
        for (int j = 0; j < cols; j++) {
            wTrue[j] = r0.nextGaussian();
        }
        for (DenseBackend be : list) {
            run(be, Math.min(rows, 4 * block), Math.min(cols, 100), wTrue); // warm-up (JIT, native load)
            double bestA = Double.POSITIVE_INFINITY, bestC = Double.POSITIVE_INFINITY, bestE = Double.POSITIVE_INFINITY;
            double err = 0;
            for (int rep = 0; rep < repeat; rep++) {
                double[] t = run(be, rows, cols, wTrue);
                bestA = Math.min(bestA, t[0]);
                bestC = Math.min(bestC, t[1]);
                bestE = Math.min(bestE, t[2]);
                err = t[3];
            }
            double flops = (double) rows * cols * (cols + 1) + 2.0 * rows * cols; // SYRK (upper) + GEMV
            out.printf("%-8s %-8s %12.3f %10.2f %12.3f %12.3f %12.2e%n", be.name(), be.isNative() ? "yes" : "no",
                    bestA, flops / bestA / 1e9, bestC, bestE, err);
            out.flush();
        }
        return 0;
    }

    private void benchSelection(List<DenseBackend> list, PrintWriter out) {
        Random r = new Random(seed);
        int factors = Math.min(60, cols);
        double[][] f = new double[factors][cols];
        for (double[] row : f) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[] raw = new double[rows * cols];
        double[] z = new double[factors];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < factors; k++) {
                z[k] = r.nextGaussian() / (1 + k);
            }
            for (int j = 0; j < cols; j++) {
                double s = 0.01 * r.nextGaussian();
                for (int k = 0; k < factors; k++) {
                    s += z[k] * f[k][j];
                }
                raw[i * cols + j] = s;
            }
        }
        SparseSelection.Candidates c = SparseSelection.Candidates.fromRaw(raw, cols);
        SparseSelection.DotKernel kernel = SparseSelection.polynomial(4);
        out.printf("selection of %d references among %d candidates x %d features%n", references, rows, cols);
        long t0 = System.nanoTime();
        SparseSelection.Result fps = SparseSelection.farthestPoint(c, references, kernel, SparseSelection.DEFAULT_VANISHING);
        out.printf("fps               %8.2f s  (%s)%n", (System.nanoTime() - t0) * 1e-9, fps);
        for (DenseBackend be : list) {
            long t1 = System.nanoTime();
            SparseSelection.Result cur = SparseSelection.cur(c, references, kernel, SparseSelection.DEFAULT_VANISHING, be);
            out.printf("cur %-8s      %8.2f s  (%s)%n", be.name(), (System.nanoTime() - t1) * 1e-9, cur);
            out.flush();
        }
    }

    /** Returns {assemble seconds, cholesky solve seconds, eigen solve seconds, max |w - w_true|}. */
    private double[] run(DenseBackend be, int m, int n, double[] wTrue) {
        NormalEquations ne = new NormalEquations(n, be);
        double[] a = new double[block * n];
        double[] y = new double[block];
        Random rnd = new Random(seed + 17);
        long assemble = 0;
        for (int start = 0; start < m; start += block) {
            int nr = Math.min(block, m - start);
            for (int i = 0; i < nr; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    double v = rnd.nextGaussian();
                    a[i * n + j] = v;
                    s += v * wTrue[j];
                }
                y[i] = s + 1e-3 * rnd.nextGaussian();
            }
            long t0 = System.nanoTime();
            ne.addBlock(a, 0, nr, n, y, 0, null, 0);
            assemble += System.nanoTime() - t0;
        }
        long t1 = System.nanoTime();
        NormalEquations.Solution sol = ne.solve(lambda);
        long t2 = System.nanoTime();
        ne.solve(new NormalEquations.Options().lambda(lambda).method(NormalEquations.Options.Method.EIGEN));
        long t3 = System.nanoTime();
        double err = 0;
        for (int j = 0; j < n; j++) {
            err = Math.max(err, Math.abs(sol.x()[j] - wTrue[j]));
        }
        return new double[] {assemble * 1e-9, (t2 - t1) * 1e-9, (t3 - t2) * 1e-9, err};
    }
}
