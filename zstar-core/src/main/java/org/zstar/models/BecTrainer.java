package org.zstar.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.learning.TrainingPool;
import org.zstar.linalg.NormalEquations;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Derivative learning of BEC models: selects sparse reference environments, streams the BEC rows of every
 * training frame into normal equations (never holding the whole design matrix), and solves the regularised
 * least-squares problem. docs/THEORY.md, "Training".
 */
public final class BecTrainer {
    private BecTrainer() {
    }

    /**
     * Training frames with their targets prepared (ASR projection applied when asked).
     *
     * @param frames the training frames, BEC targets in zstar's row convention
     * @param species the species of the model, in its column order
     * @param asrRemovedMax the largest acoustic-sum-rule residual removed from a frame's targets (e)
     */
    public record PreparedData(List<Structure> frames, List<String> species, double asrRemovedMax) {
    }

    /**
     * Collects the species (sorted by atomic number) and, when asked, projects every frame's targets onto the
     * acoustic sum rule: {@code Z_j <- Z_j - (sum_k Z_k - Q I) / N} (docs/THEORY.md, "Acoustic sum rule").
     *
     * @param frames training frames, each with BECs (Z[j][a][b] = dP_a/dr_{j,b}, e)
     * @param projectAsr whether to remove each frame's acoustic-sum-rule residual from its targets
     * @return the frames (copies where projected), their species and the largest residual component removed (e)
     * @throws UserInputException when there is no frame or a frame has no BECs
     */
    public static PreparedData prepare(List<Structure> frames, boolean projectAsr) {
        if (frames.isEmpty()) {
            throw new UserInputException("no training frames");
        }
        TreeMap<Integer, String> species = new TreeMap<>();
        List<Structure> out = new ArrayList<>(frames.size());
        double removed = 0;
        for (int f = 0; f < frames.size(); f++) {
            Structure s = frames.get(f);
            if (!s.hasBec()) {
                throw new UserInputException("training frame " + f + " has no Born effective charges");
            }
            for (int i = 0; i < s.size(); i++) {
                species.put(s.atomicNumber(i), s.symbol(i));
            }
            if (projectAsr) {
                double[] z = s.bec();
                double[] excess = asrExcess(s, z);
                for (int k = 0; k < 9; k++) {
                    removed = Math.max(removed, Math.abs(excess[k]));
                }
                // Z_j <- Z_j - (sum_k Z_k - Q I) / N
                for (int j = 0; j < s.size(); j++) {
                    for (int k = 0; k < 9; k++) {
                        z[9 * j + k] -= excess[k] / s.size();
                    }
                }
                s = s.toBuilder().bec(z).build();
            }
            out.add(s);
        }
        return new PreparedData(out, List.copyOf(species.values()), removed);
    }

    /**
     * The acoustic-sum-rule residual {@code sum_j Z_j - Q I} of one frame (docs/THEORY.md, "Acoustic sum rule").
     *
     * @param s the frame; its total charge Q (e) is used
     * @param z BECs of the frame (e), {@code z[9 j + 3 a + b] = Z[j][a][b] = dP_a/dr_{j,b}}
     * @return the residual (e), row-major 3 x 3 {@code [3 a + b]}; zero for BECs that obey the sum rule
     */
    public static double[] asrExcess(Structure s, double[] z) {
        double[] sum = new double[9];
        for (int j = 0; j < s.size(); j++) {
            for (int k = 0; k < 9; k++) {
                sum[k] += z[9 * j + k];
            }
        }
        for (int a = 0; a < 3; a++) {
            sum[4 * a] -= s.totalCharge();
        }
        return sum;
    }

    /** Mean tr(Z_j)/3 per species over the frames (index as in species). */
    static double[] meanCharges(List<Structure> frames, List<String> species) {
        double[] sum = new double[species.size()];
        long[] count = new long[species.size()];
        for (Structure s : frames) {
            double[] z = s.atomArrayView(Structure.BEC);
            for (int j = 0; j < s.size(); j++) {
                int k = species.indexOf(s.symbol(j));
                sum[k] += (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3.0;
                count[k]++;
            }
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= Math.max(1, count[k]);
        }
        return sum;
    }

    /**
     * The assembled least-squares problem: normal equations of the BEC rows and, separately and unscaled, of
     * the charge-regularisation rows (over the charge columns only: the charge design is zero elsewhere), so that
     * any (lambda_w, lambda_q) is solved without touching the data again.
     */
    public static final class Assembled {
        /** The kind of model (monopole, dipole, combined) and its kernel settings. */
        public final BecModelSpec spec;
        /** The unit invariant descriptor of the model, or null when the model does not use it. */
        public final AtomicDescriptor scalar;
        /** The lambda = 1 descriptor of the model, or null without dipoles. */
        public final AtomicDescriptor vector;
        /** The selected reference environments: they define the M weight columns. */
        public final ReferenceEnvironments refs;
        /** Fixed charges (e) per species of a dipole model, in the data's species order; null with charges. */
        public final double[] fixedCharges;
        /** Normal equations {@code (G, b)} of the BEC rows, M unknowns. */
        public final NormalEquations becRows;
        /**
         * Normal equations {@code (G_q, b_q)} of the unscaled charge-regularisation rows, over the
         * {@code refs.chargeBlockColumns()} charge columns; null without a charge block.
         */
        public final NormalEquations chargeRows;
        /** Training metadata saved with the model (frames, rows, ASR projection, options, fixed charges). */
        public final Map<String, Object> metadata;
        /** Where the time went (not part of the model: it varies from run to run). */
        public final Timings timings;
        /** Designs of the last frames kept for the calibration (none unless the assembly was asked to keep them). */
        KeptDesigns kept = KeptDesigns.none();

        Assembled(BecModelSpec spec, AtomicDescriptor scalar, AtomicDescriptor vector, ReferenceEnvironments refs,
                double[] fixedCharges, NormalEquations becRows, NormalEquations chargeRows, Map<String, Object> metadata,
                Timings timings) {
            this.timings = timings;
            this.spec = spec;
            this.scalar = scalar;
            this.vector = vector;
            this.refs = refs;
            this.fixedCharges = fixedCharges;
            this.becRows = becRows;
            this.chargeRows = chargeRows;
            this.metadata = metadata;
        }

        /** {@return how many frame designs the assembly kept for the calibration (0 after it ran)} */
        public int keptDesigns() {
            return kept.size();
        }

        /**
         * The scale of the Tikhonov term.
         *
         * @return gbar = tr(G)/M, the mean diagonal of the BEC Gram matrix: the scale that lambda_w is relative to
         */
        public double gramScale() {
            return becRows.meanDiagonal();
        }

        /**
         * Solves {@code (G_Z + lambda_q^2 G_q + lambda_w s I) w = b_Z + lambda_q^2 b_q} (s = {@link #gramScale}),
         * docs/THEORY.md "Training", with one n x n array beyond the assembled sums, and returns the model.
         *
         * @param lambdaW Tikhonov strength relative to {@link #gramScale} (dimensionless, at least 0)
         * @param lambdaQ weight of the charge rows (at least 0; 0 or no charge block: not used)
         * @return the model with its training RMSE (e) and the solver's report
         */
        public Fit solve(double lambdaW, double lambdaQ) {
            return solve(lambdaW, lambdaQ, false);
        }

        /**
         * As {@link #solve(double, double)}, and with {@code posterior} the model carries the weight posterior
         * from the same Cholesky factor ({@link BecPosterior#fromCholeskyFactor}, docs/THEORY.md (U1)-(U2)); none
         * after the eigen fallback.
         *
         * @param lambdaW Tikhonov strength relative to {@link #gramScale}
         * @param lambdaQ weight of the charge rows (0: not used)
         * @param posterior whether to attach the weight posterior (docs/THEORY.md (U1)-(U2)) to the model
         * @return the model, with a posterior when asked and the Cholesky factorisation succeeded
         */
        public Fit solve(double lambdaW, double lambdaQ, boolean posterior) {
            int m = refs.columns();
            double lambda = lambdaW * gramScale();
            double q2 = chargeRows != null && lambdaQ > 0 ? lambdaQ * lambdaQ : 0.0;
            int mq = chargeRows == null ? 0 : chargeRows.size();
            double[] rhs = becRows.rhs();
            if (q2 > 0) {
                double[] bq = chargeRows.rhs();
                for (int i = 0; i < mq; i++) {
                    rhs[i] += q2 * bq[i];
                }
            }
            NormalEquations.Options opt = new NormalEquations.Options().lambda(lambda);
            NormalEquations.Solution sol = NormalEquations.solveShifted(() -> shifted(lambda, q2, mq, m), rhs, m,
                    becRows.backend(), opt);
            double[] w = sol.x();
            double rss = becRows.residualSumSquares(w);
            double trainRmse = Math.sqrt(Math.max(0, rss) / becRows.rowCount());
            Map<String, Object> meta = new LinkedHashMap<>(metadata);
            meta.put("lambda_w", lambdaW);
            meta.put("lambda_q", lambdaQ);
            meta.put("tikhonov_absolute", lambda);
            meta.put("solver", sol.report().message());
            meta.put("train_rmse", trainRmse);
            KernelBecModel model = new KernelBecModel(spec, scalar, vector, refs, w, fixedCharges, meta);
            if (posterior && sol.cholesky() != null) {
                // the charge rows enter the solve with weight lambda_q^2: they count as observations (U2)
                double rssAll = Math.max(0, rss) + (q2 > 0 ? q2 * Math.max(0, chargeRows.residualSumSquares(
                        java.util.Arrays.copyOf(w, mq))) : 0);
                long rowsAll = becRows.rowCount() + (q2 > 0 ? chargeRows.rowCount() : 0);
                model = model.withPosterior(BecPosterior.fromCholeskyFactor(sol.cholesky().factor(), m, lambda,
                        rssAll, rowsAll));
            }
            return new Fit(model, trainRmse, sol.report().message());
        }

        /** Upper triangle of {@code G_Z + q2 G_q + lambda I} as a new array. */
        double[] shifted(double lambda, double q2, int mq, int m) {
            double[] h = becRows.gramUpperView().clone();
            if (q2 > 0) {
                double[] gq = chargeRows.gramUpperView();
                for (int i = 0; i < mq; i++) {
                    for (int j = i; j < mq; j++) {
                        h[i * m + j] += q2 * gq[i * mq + j];
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                h[i * m + i] += lambda;
            }
            return h;
        }
    }

    /**
     * Seconds per stage of {@link #assemble}: reference and feature selection (wall), building the frame designs
     * (descriptors with derivatives and design rows, summed over the worker threads), and summing them into the
     * normal equations (SYRK + GEMV, wall on the consuming thread); and the flops of that sum,
     * {@code rows M (M + 1) + 2 rows M} over the BEC rows.
     *
     * @param selectionSeconds reference and feature selection, wall seconds
     * @param designSeconds frame designs, wall seconds summed over the worker threads
     * @param accumulateSeconds SYRK + GEMV into the normal equations, wall seconds on the consuming thread
     * @param assemblyFlops floating-point operations of that sum
     * @param designCpuSeconds frame designs, CPU seconds of the designing threads (comparable on a loaded machine)
     */
    public record Timings(double selectionSeconds, double designSeconds, double accumulateSeconds, double assemblyFlops,
            double designCpuSeconds) {
    }

    /**
     * A fitted model with its training RMSE (over the BEC rows) and the solver's report.
     *
     * @param model the trained model
     * @param trainRmse root-mean-square error over the training BEC components (e)
     * @param solverReport how the normal equations were solved (Cholesky or its fallback, lambda, condition)
     */
    public record Fit(KernelBecModel model, double trainRmse, String solverReport) {
    }

    /**
     * Selects references and assembles the normal equations. Frames are designed in parallel (at most
     * {@code threads} at a time, so memory does not grow with the number of frames) and summed in frame order
     * into one set of normal equations, so the sums, and the model, are the same for any thread count.
     *
     * @param data frames prepared by {@link #prepare}
     * @param scalar unit-normalised invariant descriptor (used for charges, the polynomial dipole kernel and the
     *     dipole modulators)
     * @param vector raw lambda = 1 descriptor (used for dipoles)
     * @param options the model and training options; {@code options.threads()} sizes the pool
     * @param progress called with the number of frames finished so far (may be null)
     * @return the normal equations, ready to solve for any (lambda_w, lambda_q)
     * @throws UserInputException when a descriptor does not resolve every species of the data, or fixed charges
     *     are given for some species only
     */
    public static Assembled assemble(PreparedData data, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions options, IntConsumer progress) {
        return assemble(data, scalar, vector, options, progress, Integer.MAX_VALUE);
    }

    /**
     * As {@link #assemble(PreparedData, AtomicDescriptor, AtomicDescriptor, TrainingOptions, IntConsumer)}, keeping
     * the designs of frames {@code keepFrom} and later (as many as a memory budget allows, {@link KeptDesigns}) for
     * the error-bar calibration that holds them out ({@link PosteriorCalibration#firstHeldOut}), which then need
     * not design them again. The normal equations are the same either way.
     *
     * @param data frames prepared by {@link #prepare}
     * @param scalar unit-normalised invariant descriptor
     * @param vector raw lambda = 1 descriptor
     * @param options the model and training options; {@code options.threads()} sizes the pool
     * @param progress called with the number of frames finished so far (may be null)
     * @param keepFrom the first frame whose design is kept ({@code Integer.MAX_VALUE}: none)
     * @return the normal equations, ready to solve
     * @throws UserInputException as the other overloads
     */
    public static Assembled assemble(PreparedData data, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions options, IntConsumer progress, int keepFrom) {
        try (TrainingPool pool = new TrainingPool(Math.max(1, Math.min(options.threads(), data.frames().size())))) {
            long t0 = System.nanoTime();
            ReferenceEnvironments refs = selectReferences(data, scalar, vector, options, pool);
            KeptDesigns kept = keepFrom < data.frames().size() ? KeptDesigns.lastFrames(keepFrom, refs.columns())
                    : KeptDesigns.none();
            return assemble(data, scalar, vector, options, refs, (System.nanoTime() - t0) * 1e-9, progress, pool,
                    kept);
        }
    }

    /**
     * As {@link #assemble(PreparedData, AtomicDescriptor, AtomicDescriptor, TrainingOptions, IntConsumer)} in a
     * given pool (which the caller closes).
     *
     * @param data frames prepared by {@link #prepare}
     * @param scalar unit-normalised invariant descriptor
     * @param vector raw lambda = 1 descriptor
     * @param options the model and training options
     * @param progress called with the number of frames finished so far (may be null)
     * @param pool the worker threads of selection and design
     * @return the normal equations, ready to solve
     * @throws UserInputException as {@link #assemble(PreparedData, AtomicDescriptor, AtomicDescriptor,
     *     TrainingOptions, IntConsumer)}
     */
    public static Assembled assemble(PreparedData data, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions options, IntConsumer progress, TrainingPool pool) {
        long t0 = System.nanoTime();
        ReferenceEnvironments refs = selectReferences(data, scalar, vector, options, pool);
        return assemble(data, scalar, vector, options, refs, (System.nanoTime() - t0) * 1e-9, progress, pool);
    }

    /** Whether a model of these options uses the unit scalar descriptor. */
    static boolean needsScalar(TrainingOptions options, List<String> species) {
        BecModelSpec spec = options.spec();
        boolean modulated = spec.dipoleKernel() == BecModelSpec.DipoleKernel.FEATURES
                && species.stream().anyMatch(sym -> options.dipoleModulators(sym) > 0);
        return spec.kind().hasCharges() || (spec.kind().hasDipoles() && (spec.dipoleScalarPower() > 0 || modulated));
    }

    /**
     * The reference environments (and modulators and modulated features) that a training on these frames
     * selects: the one selection service of every training (models, learning curves, regularisation scans).
     *
     * @param data frames prepared by {@link #prepare}
     * @param scalar unit-normalised invariant descriptor (may be null when the model does not use it)
     * @param vector raw lambda = 1 descriptor (may be null without dipoles)
     * @param options the model options (reference counts per species, selection method, seed)
     * @param pool the worker threads
     * @return the references, which fix the weight columns of the model
     * @throws UserInputException when a needed descriptor does not resolve every species of the data
     */
    public static ReferenceEnvironments selectReferences(PreparedData data, AtomicDescriptor scalar,
            AtomicDescriptor vector, TrainingOptions options, TrainingPool pool) {
        boolean needScalar = needsScalar(options, data.species());
        checkSpecies(needScalar ? scalar : null, data.species());
        checkSpecies(options.spec().kind().hasDipoles() ? vector : null, data.species());
        return ReferenceSelector.select(data.frames(), data.species(), scalar, vector, needScalar, options, pool);
    }

    /**
     * Assembles the normal equations of these frames with given references (e.g. selected once from a larger
     * pool, as learning curves do); the fixed charges of a dipole model come from these frames.
     *
     * @param data frames prepared by {@link #prepare}
     * @param scalar unit-normalised invariant descriptor
     * @param vector raw lambda = 1 descriptor
     * @param options the model and training options
     * @param refs the reference environments, e.g. from {@link #selectReferences}
     * @param selection wall seconds the selection took, reported in {@link Timings#selectionSeconds}
     * @param progress called with the number of frames finished so far (may be null)
     * @param pool the worker threads of the frame designs
     * @return the normal equations, ready to solve
     * @throws UserInputException when fixed charges are given for some species only
     */
    public static Assembled assemble(PreparedData data, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions options, ReferenceEnvironments refs, double selection, IntConsumer progress,
            TrainingPool pool) {
        return assemble(data, scalar, vector, options, refs, selection, progress, pool, KeptDesigns.none());
    }

    private static Assembled assemble(PreparedData data, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions options, ReferenceEnvironments refs, double selection, IntConsumer progress,
            TrainingPool pool, KeptDesigns kept) {
        BecModelSpec spec = options.spec();
        List<Structure> frames = data.frames();
        List<String> species = data.species();
        boolean needScalar = needsScalar(options, species);
        double[] fixed = spec.kind().hasCharges() ? null : fixedCharges(frames, species, options);
        NormalEquations bec = new NormalEquations(refs.columns());
        NormalEquations chg = spec.kind().hasCharges() ? new NormalEquations(refs.chargeBlockColumns()) : null;
        java.util.concurrent.atomic.AtomicLong designNanos = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong designCpuNanos = new java.util.concurrent.atomic.AtomicLong();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] accumulateNanos = new long[1];
        pool.forEachInOrder(frames.size(), f -> {
            long s0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            FrameDesign d = KernelBecModel.trainingDesign(frames.get(f), spec, scalar, vector, refs, fixed);
            designCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - c0);
            designNanos.addAndGet(System.nanoTime() - s0);
            return d;
        }, (d, f) -> {
            long s0 = System.nanoTime();
            addFrame(frames.get(f), d, bec, chg, pool.executor());
            kept.offer(f, d);
            accumulateNanos[0] += System.nanoTime() - s0;
            if (progress != null) {
                progress.accept(f + 1);
            }
        });
        double mcols = refs.columns();
        Timings timings = new Timings(selection, designNanos.get() * 1e-9, accumulateNanos[0] * 1e-9,
                bec.rowCount() * mcols * (mcols + 1) + 2.0 * bec.rowCount() * mcols, designCpuNanos.get() * 1e-9);
        Map<String, Object> meta = metadata(data, options, fixed, bec.rowCount());
        Assembled assembled = new Assembled(spec, needScalar ? scalar : null, spec.kind().hasDipoles() ? vector : null,
                refs, fixed, bec, chg, meta, timings);
        assembled.kept = kept;
        return assembled;
    }

    /** The training metadata of a model assembled from {@code rows} BEC rows of these frames. */
    static Map<String, Object> metadata(PreparedData data, TrainingOptions options, double[] fixed, long rows) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("training_frames", data.frames().size());
        meta.put("training_rows", rows);
        meta.put("asr_projected", options.projectAsr());
        meta.put("asr_removed_max", data.asrRemovedMax());
        meta.put("options", options.toMap());
        if (fixed != null) {
            Map<String, Object> fc = new LinkedHashMap<>();
            for (int s = 0; s < data.species().size(); s++) {
                fc.put(data.species().get(s), fixed[s]);
            }
            meta.put("fixed_charges", fc);
        }
        return meta;
    }

    /** Fixed charges of a dipole model: the given ones, else the training mean of tr(Z)/3 per species. */
    static double[] fixedCharges(List<Structure> frames, List<String> species, TrainingOptions options) {
        double[] fixed = meanCharges(frames, species);
        for (int s = 0; s < species.size(); s++) {
            Double given = options.fixedCharges().get(species.get(s));
            if (given != null) {
                fixed[s] = given;
            } else if (!options.fixedCharges().isEmpty()) {
                throw new org.zstar.util.UserInputException("fixed charges given for "
                        + options.fixedCharges().keySet() + " but not for " + species.get(s));
            }
        }
        return fixed;
    }

    /**
     * Adds one frame's BEC rows (targets Z - constant) and charge rows (targets tr(Z)/3 - constant, charge columns
     * only) as one block each: SYRK and GEMV through the linear-algebra backend.
     */
    static void addFrame(Structure s, FrameDesign d, NormalEquations bec, NormalEquations chg,
            java.util.concurrent.ExecutorService tiles) {
        int n = s.size();
        double[] z = s.atomArrayView(Structure.BEC);
        double[] y = new double[9 * n];
        for (int k = 0; k < 9 * n; k++) {
            y[k] = z[k] - d.becConstant[k];
        }
        bec.addBlockInParallel(d.bec, 9 * n, y, tiles);
        if (chg != null) {
            double[] yq = new double[n];
            for (int j = 0; j < n; j++) {
                yq[j] = (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3.0 - d.chargeConstant[j];
            }
            chg.addBlock(d.charges, 0, n, d.columns, yq, 0, null, 0);
        }
    }

    /**
     * Convenience: prepare, assemble and solve in one call with {@code options.lambdaW()} and
     * {@code options.lambdaQ()}.
     *
     * @param frames training frames with BECs (e)
     * @param scalar unit-normalised invariant descriptor
     * @param vector raw lambda = 1 descriptor
     * @param options the model and training options
     * @param progress called with the number of frames finished so far (may be null)
     * @return the trained model with its training RMSE (e)
     * @throws UserInputException as {@link #prepare} and {@link #assemble(PreparedData, AtomicDescriptor,
     *     AtomicDescriptor, TrainingOptions, IntConsumer)}
     */
    public static Fit train(List<Structure> frames, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions options, IntConsumer progress) {
        PreparedData data = prepare(frames, options.projectAsr());
        return assemble(data, scalar, vector, options, progress).solve(options.lambdaW(), options.lambdaQ());
    }

    /** The descriptors must resolve every species of the data. */
    static void checkSpecies(AtomicDescriptor d, List<String> species) {
        if (d != null && !d.species().containsAll(species)) {
            throw new UserInputException("descriptor species " + d.species() + " do not cover " + species);
        }
    }
}
