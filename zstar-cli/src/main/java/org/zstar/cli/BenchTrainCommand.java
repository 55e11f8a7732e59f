package org.zstar.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.models.BecTrainer;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.models.UnitDescriptor;
import org.zstar.structure.Structure;
import org.zstar.util.FrameSelection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zstar bench train}: one BEC training with seconds per stage, the GFLOP/s of the normal-equation assembly
 * next to the SYRK rate of the same backend on a block of the same width, process CPU seconds and peak heap.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Time one BEC training stage by stage (read, selection, designs, assembly, solve with the weight "
                + "posterior, error-bar calibration: the stages of `zstar train` with its defaults), with the "
                + "assembly GFLOP/s against the backend's SYRK rate for the same number of weights, the process CPU "
                + "seconds and the peak heap. Figures go to docs/PERFORMANCE.md."})
public final class BenchTrainCommand implements Callable<Integer> {
    /** The share of training frames `zstar train` holds out by default to calibrate the error bars. */
    static final double CALIBRATION_FRACTION = Double.parseDouble(TrainCommand.CALIBRATION_FRACTION_TEXT);

    @Option(names = "--model", defaultValue = "combined", paramLabel = "monopole|dipole|combined",
            description = "Model form (default: ${DEFAULT-VALUE}).")
    String kind;

    @Mixin
    DataOptions data;

    @Option(names = "--train-frames", paramLabel = "SPEC", description = "Frames to train on (default: all).")
    String trainFrames;

    @Mixin
    DescriptorOptions descriptor;

    @Mixin
    ModelOptions model;

    @Option(names = "--lambda-w", defaultValue = org.zstar.models.TrainingDefaults.LAMBDA_W_TEXT,
            description = "Tikhonov regularisation, relative (default: ${DEFAULT-VALUE}).")
    double lambdaW;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() {
        PrintWriter o = commandSpec.commandLine().getOut();
        ModelKind modelKind = ModelKind.parse(kind);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        List<Structure> frames = data.readAll(model.threadCount());
        int[] train = FrameSelection.trainTest(frames.size(), null, null, trainFrames, model.seed).train();
        List<Structure> trainSet = TrainCommand.pick(frames, train);
        double read = (System.nanoTime() - t0) * 1e-9;
        TrainingOptions options = model.options(modelKind, lambdaW, 0.0);
        BecTrainer.PreparedData prepared = BecTrainer.prepare(trainSet, options.projectAsr());
        DescriptorParameters params = descriptor.parameters(prepared.species());
        long t1 = System.nanoTime();
        BecTrainer.Assembled a = BecTrainer.assemble(prepared, new UnitDescriptor(new ScalarDescriptor(params)),
                new VectorDescriptor(params), options, null,
                org.zstar.models.PosteriorCalibration.firstHeldOut(trainSet.size(), CALIBRATION_FRACTION));
        double assemble = (System.nanoTime() - t1) * 1e-9;
        // as `zstar train` by default: the calibration of the error bars, then the solve with its posterior
        int kept = a.keptDesigns();
        long t3 = System.nanoTime();
        org.zstar.models.BecPosterior.Calibration calibration;
        try {
            calibration = org.zstar.models.PosteriorCalibration.calibrate(prepared, a, lambdaW, 0.0,
                    CALIBRATION_FRACTION, model.threadCount());
        } catch (org.zstar.linalg.NotPositiveDefiniteException e) {
            calibration = null;
        }
        double calibrate = (System.nanoTime() - t3) * 1e-9;
        long t2 = System.nanoTime();
        BecTrainer.Fit fit = a.solve(lambdaW, 0.0, true);
        double solve = (System.nanoTime() - t2) * 1e-9;
        double total = (System.nanoTime() - t0) * 1e-9;
        double cpu = (processCpuNanos() - cpu0) * 1e-9;
        BecTrainer.Timings tm = a.timings;
        int m = a.refs.columns();
        double assemblyRate = tm.assemblyFlops() / tm.accumulateSeconds() * 1e-9;
        double syrkRate = syrkRate(Backends.get(), Math.max(1, (int) (a.becRows.rowCount() / trainSet.size())), m);
        o.printf(Locale.ROOT, "bench train: %s model, %d frames, %d BEC rows, %d weights, %d threads, backend %s%n",
                modelKind.label(), trainSet.size(), a.becRows.rowCount(), m, options.threads(), Backends.get().name());
        o.printf(Locale.ROOT, "  read                %8.2f s%n", read);
        o.printf(Locale.ROOT, "  selection           %8.2f s%n", tm.selectionSeconds());
        o.printf(Locale.ROOT, "  designs             %8.2f s (summed over workers), %.2f CPU s of the designing threads "
                + "(%.3f CPU s per frame)%n", tm.designSeconds(), tm.designCpuSeconds(),
                tm.designCpuSeconds() / Math.max(1, trainSet.size()));
        o.printf(Locale.ROOT, "  assembly SYRK+GEMV  %8.2f s, %.1f GFLOP/s (%.3g flops)%n", tm.accumulateSeconds(),
                assemblyRate, tm.assemblyFlops());
        o.printf(Locale.ROOT, "  assemble (wall)     %8.2f s%n", assemble);
        o.printf(Locale.ROOT, "  solve + posterior   %8.2f s (%s)%n", solve, fit.solverReport());
        o.printf(Locale.ROOT, "  calibration         %8.2f s (%s)%n", calibrate, calibration == null
                ? "none: too few frames, or the downdated normal matrix is not positive definite"
                : calibration.frames().length + " held-out training frames downdated and solved, " + kept
                        + " of their designs kept from the assembly, the others designed twice");
        o.printf(Locale.ROOT, "  total               %8.2f s wall, %.2f s CPU (process), train RMSE %.4f e%n", total,
                cpu, fit.trainRmse());
        o.printf(Locale.ROOT, "  backend SYRK rate   %8.1f GFLOP/s on a %d x %d block: assembly at %.0f %%%n",
                syrkRate, (int) (a.becRows.rowCount() / trainSet.size()), m, 100 * assemblyRate / syrkRate);
        o.printf(Locale.ROOT, "  peak heap           %8d MB (limit %d MB)%n", TrainCommand.peakHeapMb(),
                Runtime.getRuntime().maxMemory() >> 20);
        o.flush();
        return 0;
    }

    /** GFLOP/s of {@code C += A^T A} for a random rows x n block (best of 3 after one warm-up). */
    static double syrkRate(DenseBackend backend, int rows, int n) {
        double[] a = new double[rows * n];
        Random rnd = new Random(1);
        for (int k = 0; k < a.length; k++) {
            a[k] = rnd.nextGaussian();
        }
        double[] c = new double[n * n];
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 4; r++) {
            long t = System.nanoTime();
            backend.syrkAtA(rows, n, 1.0, a, 0, n, c, n);
            double s = (System.nanoTime() - t) * 1e-9;
            if (r > 0) {
                best = Math.min(best, s);
            }
        }
        return (double) rows * n * (n + 1) / best * 1e-9;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
