package org.zstar.models;

import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.linalg.Backends;
import org.zstar.linalg.Dense;
import org.zstar.linalg.NormalEquations;
import org.zstar.structure.Structure;

/**
 * The single-machine training core ({@link BecTrainer#assemble} and {@link BecTrainer.Assembled#solve}) cut at
 * the place where it sums over frames, so that a cluster can do the sums: {@link #setup} on the driver (species,
 * fixed charges, references: the steps of {@code assemble} before its frame loop, in the same order),
 * {@link #sums} on the executors (the frame loop: {@code BecTrainer.addFrame}'s rows into {@link NormalEquations}),
 * {@link Sums#merge} in the tree aggregation, and {@link #solve} on the driver ({@code Assembled.solve}'s algebra).
 *
 * <p>This is the one class that knows BecTrainer's inside (it lives in BecTrainer's package for that). When the
 * training core changes (branch i13-train rewrites it), only this adapter follows.
 */
public final class TrainingCoreAdapter {
    private TrainingCoreAdapter() {
    }

    /** What the driver fixes before the frame loop; {@link #shell} carries it to the executors as a model file. */
    public record Setup(BecModelSpec spec, AtomicDescriptor scalar, AtomicDescriptor vector, ReferenceEnvironments refs,
            double[] fixedCharges, boolean needScalar, Map<String, Object> metadata) {
        /** A model with zero weights: its {@link KernelBecModel#design} is the frame loop's design. */
        public KernelBecModel shell() {
            return new KernelBecModel(spec, needScalar ? scalar : null, spec.kind().hasDipoles() ? vector : null, refs,
                    new double[refs.columns()], fixedCharges, metadata);
        }
    }

    /** The steps of {@link BecTrainer#assemble} before its frame loop. */
    public static Setup setup(BecTrainer.PreparedData data, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions options) {
        BecModelSpec spec = options.spec();
        List<Structure> frames = data.frames();
        List<String> species = data.species();
        boolean modulated = spec.dipoleKernel() == BecModelSpec.DipoleKernel.FEATURES
                && species.stream().anyMatch(sym -> options.dipoleModulators(sym) > 0);
        boolean needScalar = spec.kind().hasCharges()
                || (spec.kind().hasDipoles() && (spec.dipoleScalarPower() > 0 || modulated));
        BecTrainer.checkSpecies(needScalar ? scalar : null, species);
        BecTrainer.checkSpecies(spec.kind().hasDipoles() ? vector : null, species);
        double[] fixed = null;
        if (!spec.kind().hasCharges()) {
            fixed = BecTrainer.meanCharges(frames, species);
            for (int s = 0; s < species.size(); s++) {
                Double given = options.fixedCharges().get(species.get(s));
                if (given != null) {
                    fixed[s] = given;
                } else if (!options.fixedCharges().isEmpty()) {
                    throw new IllegalArgumentException("fixed charges given for " + options.fixedCharges().keySet()
                            + " but not for " + species.get(s));
                }
            }
        }
        ReferenceEnvironments refs;
        try (org.zstar.learning.TrainingPool pool = new org.zstar.learning.TrainingPool(options.threads())) {
            refs = ReferenceSelector.select(frames, species, scalar, vector, needScalar, options, pool);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("training_frames", frames.size());
        meta.put("asr_projected", options.projectAsr());
        meta.put("asr_removed_max", data.asrRemovedMax());
        meta.put("options", options.toMap());
        if (fixed != null) {
            Map<String, Object> fc = new LinkedHashMap<>();
            for (int s = 0; s < species.size(); s++) {
                fc.put(species.get(s), fixed[s]);
            }
            meta.put("fixed_charges", fc);
        }
        return new Setup(spec, scalar, vector, refs, fixed, needScalar, meta);
    }

    /**
     * The sums of normal equations {@code G = A^T A, b = A^T y, y.y} and row counts (upper triangle of G
     * authoritative), as plain arrays that Spark can ship; merging adds them in the order of
     * {@link NormalEquations#merge}.
     */
    public static final class Sums implements Serializable {
        final int n;
        final double[] g;
        final double[] b;
        double yy;
        long rows;
        long extraRows;

        Sums(int n) {
            this.n = n;
            this.g = new double[n * n];
            this.b = new double[n];
        }

        static Sums of(NormalEquations ne) {
            Sums s = new Sums(ne.size());
            System.arraycopy(ne.gram(), 0, s.g, 0, s.g.length);
            System.arraycopy(ne.rhs(), 0, s.b, 0, s.b.length);
            s.yy = ne.sumSquaresY();
            s.rows = ne.rowCount();
            s.extraRows = ne.extraRowCount();
            return s;
        }

        /** this += scale * other (scale 1: NormalEquations.merge; else mergeScaled, other's rows become extra). */
        void add(Sums o, double scale) {
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    g[i * n + j] += scale == 1.0 ? o.g[i * n + j] : scale * o.g[i * n + j];
                }
                b[i] += scale == 1.0 ? o.b[i] : scale * o.b[i];
            }
            yy += scale == 1.0 ? o.yy : scale * o.yy;
            if (scale == 1.0) {
                rows += o.rows;
                extraRows += o.extraRows;
            } else {
                extraRows += o.rows + o.extraRows;
            }
        }

        /** x^T G x - 2 x^T b + y.y ({@link NormalEquations#residualSumSquares}). */
        double residualSumSquares(double[] x) {
            double q = 0, xb = 0;
            for (int i = 0; i < n; i++) {
                double gx = g[i * n + i] * x[i];
                for (int j = i + 1; j < n; j++) {
                    gx += 2 * g[i * n + j] * x[j];
                }
                q += x[i] * gx;
                xb += x[i] * b[i];
            }
            return q - 2 * xb + yy;
        }

        public long rows() {
            return rows;
        }
    }

    /** BEC rows and (for models with charges) charge rows of a run of frames. */
    public record FrameSums(Sums bec, Sums charges, long frames) implements Serializable {
        /** Empty sums for {@code n} weights, the zero of the aggregation. */
        public static FrameSums zero(int n, boolean charges) {
            return new FrameSums(new Sums(n), charges ? new Sums(n) : null, 0);
        }

        /** this + other, into this (the sums are additive). */
        public FrameSums merge(FrameSums o) {
            bec.add(o.bec, 1.0);
            if (charges != null) {
                charges.add(o.charges, 1.0);
            }
            return new FrameSums(bec, charges, frames + o.frames);
        }
    }

    /**
     * The frame loop of {@link BecTrainer#assemble} over {@code frames} (already prepared, i.e. ASR-projected when
     * asked) with the shell model's design: {@code BecTrainer.addFrame}'s rows.
     */
    public static FrameSums sums(KernelBecModel shell, Iterator<Structure> frames) {
        int m = shell.references().columns();
        boolean hasCharges = shell.spec().kind().hasCharges();
        NormalEquations bec = new NormalEquations(m);
        NormalEquations chg = hasCharges ? new NormalEquations(m) : null;
        long count = 0;
        while (frames.hasNext()) {
            Structure s = frames.next();
            FrameDesign d = shell.design(s);
            int n = s.size();
            double[] z = s.atomArrayView(Structure.BEC);
            double[] y = new double[9 * n];
            for (int k = 0; k < 9 * n; k++) {
                y[k] = z[k] - d.becConstant[k];
            }
            bec.addBlock(d.bec, 9 * n, y, null);
            if (chg != null) {
                double[] yq = new double[n];
                for (int j = 0; j < n; j++) {
                    yq[j] = (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3.0 - d.chargeConstant[j];
                }
                chg.addBlock(d.charges, n, yq, null);
            }
            count++;
        }
        return new FrameSums(Sums.of(bec), chg == null ? null : Sums.of(chg), count);
    }

    /** {@link BecTrainer.Assembled#solve} on merged sums. */
    public static BecTrainer.Fit solve(Setup setup, FrameSums sums, double lambdaW, double lambdaQ) {
        int m = setup.refs().columns();
        Sums total = new Sums(m);
        total.add(sums.bec(), 1.0);
        if (sums.charges() != null && lambdaQ > 0) {
            total.add(sums.charges(), lambdaQ * lambdaQ);
        }
        double trace = 0;
        for (int i = 0; i < m; i++) {
            trace += sums.bec().g[i * m + i];
        }
        double lambda = lambdaW * (trace / m);
        double[] gram = total.g.clone();
        Dense.symmetrizeFromUpper(gram, m);
        NormalEquations.Solution sol = NormalEquations.solve(gram, total.b, m, Backends.get(),
                new NormalEquations.Options().lambda(lambda));
        double[] w = sol.x();
        double rss = sums.bec().residualSumSquares(w);
        double trainRmse = Math.sqrt(Math.max(0, rss) / sums.bec().rows);
        Map<String, Object> meta = new LinkedHashMap<>(setup.metadata());
        meta.put("training_rows", sums.bec().rows);
        meta.put("lambda_w", lambdaW);
        meta.put("lambda_q", lambdaQ);
        meta.put("tikhonov_absolute", lambda);
        meta.put("solver", sol.report().message());
        meta.put("train_rmse", trainRmse);
        KernelBecModel model = new KernelBecModel(setup.spec(), setup.needScalar() ? setup.scalar() : null,
                setup.spec().kind().hasDipoles() ? setup.vector() : null, setup.refs(), w, setup.fixedCharges(), meta);
        return new BecTrainer.Fit(model, trainRmse, sol.report().message());
    }
}
