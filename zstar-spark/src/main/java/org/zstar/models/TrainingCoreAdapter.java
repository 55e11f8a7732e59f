package org.zstar.models;

import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.learning.TrainingPool;
import org.zstar.linalg.NormalEquations;
import org.zstar.structure.Structure;

/**
 * The single-machine training core ({@link BecTrainer#assemble} and {@link BecTrainer.Assembled#solve}) cut at
 * the place where it sums over frames, so that a cluster can do the sums: {@link #setup} on the driver (species,
 * fixed charges, references: the steps of {@code assemble} before its frame loop, in the same order),
 * {@link #sums} on the executors (the frame loop: {@code BecTrainer.addFrame}'s rows into {@link NormalEquations}),
 * {@link FrameSums#merge} in the tree aggregation, and {@link #solve} on the driver ({@code Assembled.solve}'s algebra).
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

    /**
     * The steps of {@link BecTrainer#assemble} before its frame loop, by the core's own methods: the reference
     * selection ({@link BecTrainer#selectReferences}, in a pool of the size {@code assemble} uses), the fixed charges
     * and the metadata (its {@code training_rows} filled in by {@link #solve}).
     */
    public static Setup setup(BecTrainer.PreparedData data, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions options) {
        BecModelSpec spec = options.spec();
        boolean needScalar = BecTrainer.needsScalar(options, data.species());
        double[] fixed = spec.kind().hasCharges() ? null
                : BecTrainer.fixedCharges(data.frames(), data.species(), options);
        ReferenceEnvironments refs;
        try (TrainingPool pool = new TrainingPool(Math.max(1, Math.min(options.threads(), data.frames().size())))) {
            refs = BecTrainer.selectReferences(data, scalar, vector, options, pool);
        }
        Map<String, Object> meta = BecTrainer.metadata(data, options, fixed, 0);
        return new Setup(spec, scalar, vector, refs, fixed, needScalar, meta);
    }

    /**
     * BEC rows and (for models with charges) charge rows of a run of frames: the core's own
     * {@link NormalEquations} (serializable: only its sums and counts travel), added by
     * {@link NormalEquations#merge}.
     */
    public record FrameSums(NormalEquations bec, NormalEquations charges, long frames) implements Serializable {
        /** Empty sums for {@code n} weights (and the charge block's columns, 0 without charges), the zero of the aggregation. */
        public static FrameSums zero(int n, int chargeColumns) {
            return new FrameSums(new NormalEquations(n), chargeColumns > 0 ? new NormalEquations(chargeColumns) : null,
                    0);
        }

        /** this + other, into this (the sums are additive). */
        public FrameSums merge(FrameSums o) {
            bec.merge(o.bec);
            if (charges != null) {
                charges.merge(o.charges);
            }
            return new FrameSums(bec, charges, frames + o.frames);
        }
    }

    /**
     * The frame loop of {@link BecTrainer#assemble} over {@code frames} (already prepared, i.e. ASR-projected when
     * asked) with the shell model's design: {@code BecTrainer.addFrame}'s rows.
     */
    public static FrameSums sums(KernelBecModel shell, Iterator<Structure> frames) {
        ReferenceEnvironments refs = shell.references();
        BecModelSpec spec = shell.spec();
        boolean hasCharges = spec.kind().hasCharges();
        NormalEquations bec = new NormalEquations(refs.columns());
        NormalEquations chg = hasCharges ? new NormalEquations(refs.chargeBlockColumns()) : null;
        long count = 0;
        while (frames.hasNext()) {
            Structure s = frames.next();
            // the core's own frame step: the training design in centre blocks, then BecTrainer.addFrame
            FrameDesign d = KernelBecModel.trainingDesign(s, spec, shell.scalarDescriptor(), shell.vectorDescriptor(),
                    refs, shell.fixedCharges());
            BecTrainer.addFrame(s, d, bec, chg, null);
            count++;
        }
        return new FrameSums(bec, chg, count);
    }

    /** {@link BecTrainer.Assembled#solve} on merged sums. */
    public static BecTrainer.Fit solve(Setup setup, FrameSums sums, double lambdaW, double lambdaQ) {
        NormalEquations bec = sums.bec();
        NormalEquations chg = sums.charges();
        Map<String, Object> meta = new LinkedHashMap<>(setup.metadata());
        meta.put("training_rows", bec.rowCount()); // in the place BecTrainer.metadata gives it
        BecTrainer.Assembled assembled = new BecTrainer.Assembled(setup.spec(), setup.needScalar() ? setup.scalar() : null,
                setup.spec().kind().hasDipoles() ? setup.vector() : null, setup.refs(), setup.fixedCharges(), bec, chg,
                meta, new BecTrainer.Timings(0, 0, 0, 0, 0));
        return assembled.solve(lambdaW, lambdaQ);
    }
}
