package org.zstar.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * A kernel BEC model (monopole, dipole or combined): descriptors, sparse reference environments and
 * weights. Immutable and thread-safe. Training fits the linear map of {@link BecDesign}; prediction evaluates the
 * same map by reverse-mode contraction ({@link ContractedPrediction}) where it can, else through the design, so
 * the BEC is by construction the derivative of the predicted polarisation.
 */
public final class KernelBecModel implements BecModel {
    private final BecModelSpec spec;
    private final AtomicDescriptor scalar; // unit-normalised invariant descriptor (null if unused)
    private final AtomicDescriptor vector; // raw lambda = 1 descriptor (null if unused)
    private final ReferenceEnvironments refs;
    private final double[] weights;
    private final double[] fixedCharges;
    private final Map<String, Object> metadata;
    private final BecPosterior posterior; // null: no uncertainty (e.g. a file written before it existed)
    private final ContractedPrediction contracted; // null: descriptors other than the production ones

    /**
     * A model without a weight posterior.
     *
     * @param spec the model form
     * @param scalar unit-normalised invariant descriptor (null when unused)
     * @param vector raw lambda = 1 descriptor (null when unused)
     * @param refs the reference environments
     * @param weights one per column of {@code refs}
     * @param fixedCharges per-species charges of a dipole model (null otherwise)
     * @param metadata training metadata (may be null)
     */
    public KernelBecModel(BecModelSpec spec, AtomicDescriptor scalar, AtomicDescriptor vector,
            ReferenceEnvironments refs, double[] weights, double[] fixedCharges, Map<String, Object> metadata) {
        this(spec, scalar, vector, refs, weights, fixedCharges, metadata, null);
    }

    /**
     * A model with its weight posterior.
     *
     * @param spec the model form
     * @param scalar unit-normalised invariant descriptor (null when unused)
     * @param vector raw lambda = 1 descriptor (null when unused)
     * @param refs the reference environments
     * @param weights one per column of {@code refs}
     * @param fixedCharges per-species charges of a dipole model (null otherwise)
     * @param metadata training metadata (may be null)
     * @param posterior the weight posterior (null: no uncertainty)
     */
    public KernelBecModel(BecModelSpec spec, AtomicDescriptor scalar, AtomicDescriptor vector,
            ReferenceEnvironments refs, double[] weights, double[] fixedCharges, Map<String, Object> metadata,
            BecPosterior posterior) {
        if (posterior != null && posterior.columns() != weights.length) {
            throw new IllegalArgumentException("posterior of " + posterior.columns() + " weights for a model of "
                    + weights.length);
        }
        this.posterior = posterior;
        if (weights.length != refs.columns()) {
            throw new IllegalArgumentException("expected " + refs.columns() + " weights, got " + weights.length);
        }
        if (!spec.kind().hasCharges() && (fixedCharges == null || fixedCharges.length != refs.species().size())) {
            throw new IllegalArgumentException("a dipole model needs one fixed charge per species");
        }
        this.spec = spec;
        this.scalar = scalar;
        this.vector = vector;
        this.refs = refs;
        this.weights = weights.clone();
        this.fixedCharges = fixedCharges == null ? null : fixedCharges.clone();
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        // (D5) subsets: the contraction sees the same model in the all-features layout (zero weights elsewhere)
        this.contracted = refs.hasModulatedSubset()
                ? ContractedPrediction.of(spec, scalar, vector, refs.withAllModulatedFeatures(),
                        refs.expandModulatedWeights(this.weights), this.fixedCharges)
                : ContractedPrediction.of(spec, scalar, vector, refs, this.weights, this.fixedCharges);
    }

    @Override
    public List<String> species() {
        return refs.species();
    }

    /** {@return the model form and kernel settings} */
    public BecModelSpec spec() {
        return spec;
    }

    /** {@return the unit-normalised invariant descriptor, or null when the model does not use it} */
    public AtomicDescriptor scalarDescriptor() {
        return scalar;
    }

    /** {@return the raw lambda = 1 descriptor, or null when the model has no dipoles} */
    public AtomicDescriptor vectorDescriptor() {
        return vector;
    }

    /** {@return the reference environments} */
    public ReferenceEnvironments references() {
        return refs;
    }

    /** {@return a copy of the weights} */
    public double[] weights() {
        return weights.clone();
    }

    /** {@return fixed per-species charges of a dipole model (null otherwise)} */
    public double[] fixedCharges() {
        return fixedCharges == null ? null : fixedCharges.clone();
    }

    /** {@return the training metadata (unmodifiable)} */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * The same model with the acoustic-sum-rule projection of its predictions on or off.
     *
     * @param on true to project
     * @return the new model
     */
    public KernelBecModel withProjectAsr(boolean on) {
        return new KernelBecModel(spec.withProjectAsr(on), scalar, vector, refs, weights, fixedCharges, metadata,
                posterior);
    }

    /**
     * The same model with extra metadata entries (e.g. where its training data came from).
     *
     * @param extra entries added to (or replacing) the metadata
     * @return the new model
     */
    public KernelBecModel withMetadata(Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        m.putAll(extra);
        return new KernelBecModel(spec, scalar, vector, refs, weights, fixedCharges, m, posterior);
    }

    /** {@return the weight posterior (null when the model has no uncertainty)} */
    public BecPosterior posterior() {
        return posterior;
    }

    /**
     * The same model with a weight posterior (or none).
     *
     * @param p the posterior, or null
     * @return the new model
     */
    public KernelBecModel withPosterior(BecPosterior p) {
        return new KernelBecModel(spec, scalar, vector, refs, weights, fixedCharges, metadata, p);
    }

    /**
     * The same model with other weights and no posterior: a draw of the posterior ({@link #posteriorSamples}) predicts
     * through the normal (contracted) path like any model.
     *
     * @param w the weights, in this model's column layout
     * @return the new model
     */
    public KernelBecModel withWeights(double[] w) {
        return new KernelBecModel(spec, scalar, vector, refs, w, fixedCharges, metadata, null);
    }

    /**
     * {@code count} copies of this model with weights drawn from its posterior, {@code w + s sqrt(c) V z} (docs/THEORY.md
     * (U6)), from one generator seeded with {@code seed}: the same seed gives the same draws.
     *
     * @param count the number of copies
     * @param seed the seed of the generator
     * @return the copies
     */
    public List<KernelBecModel> posteriorSamples(int count, long seed) {
        if (posterior == null) {
            throw new UserInputException("the model has no uncertainty (trained before the posterior was stored, "
                    + "or solved by the eigen fallback): retrain it to sample its weights");
        }
        if (count < 0) {
            throw new UserInputException("the number of posterior samples must be >= 0, got " + count);
        }
        java.util.Random random = new java.util.Random(seed);
        List<KernelBecModel> out = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(withWeights(posterior.sample(weights, random)));
        }
        return out;
    }

    boolean needsScalar() {
        return needsScalar(spec, refs);
    }

    /** Charges, the polynomial dipole kernel and dipole modulators use the unit scalar descriptor. */
    static boolean needsScalar(BecModelSpec spec, ReferenceEnvironments refs) {
        return spec.kind().hasCharges() || (spec.kind().hasDipoles()
                && (spec.dipoleScalarPower() > 0 || (refs != null && refs.hasModulators())));
    }

    /** Species index of every atom; an unknown species is a user error naming it. */
    static int[] speciesIndex(Structure s, List<String> species) {
        int[] idx = new int[s.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = species.indexOf(s.symbol(i));
            if (idx[i] < 0) {
                throw new UserInputException("species " + s.symbol(i) + " (atom " + i
                        + ") is unknown to the model, which knows " + species);
            }
        }
        return idx;
    }

    /**
     * The linear map from weights to predictions for one frame (descriptors computed here).
     *
     * @param s the frame
     * @return its design
     */
    public FrameDesign design(Structure s) {
        return design(s, spec, scalar, vector, refs, fixedCharges);
    }

    static FrameDesign design(Structure s, BecModelSpec spec, AtomicDescriptor scalar, AtomicDescriptor vector,
            ReferenceEnvironments refs, double[] fixedCharges) {
        int[] idx = speciesIndex(s, refs.species());
        boolean needScalar = needsScalar(spec, refs);
        DescriptorSet xs = needScalar ? scalar.compute(s, true) : null;
        DescriptorSet xv = spec.kind().hasDipoles() ? vector.compute(s, true) : null;
        return BecDesign.build(s, idx, xs, xv, refs, spec, fixedCharges);
    }

    /** Centres whose descriptor derivatives a training design holds at once (memory, not results). */
    static final int CENTRE_BLOCK = 8;

    /** The design of a training frame: BEC and charge rows only ({@link BecDesign#build} with parts = false). */
    static FrameDesign trainingDesign(Structure s, BecModelSpec spec, AtomicDescriptor scalar, AtomicDescriptor vector,
            ReferenceEnvironments refs, double[] fixedCharges) {
        int[] idx = speciesIndex(s, refs.species());
        return BecDesign.buildInBlocks(s, idx, needsScalar(spec, refs) ? scalar : null,
                spec.kind().hasDipoles() ? vector : null, refs, spec, fixedCharges, false, CENTRE_BLOCK);
    }

    /**
     * Predicts by reverse-mode contraction (memory linear in the atoms) when the descriptors are the production ones
     * ({@link #predictsByContraction}), else through the design; both give the same numbers.
     */
    @Override
    public BecPrediction predict(Structure structure) {
        if (contracted != null) {
            return contracted.predict(structure, speciesIndex(structure, refs.species()));
        }
        return design(structure).predict(weights);
    }

    /** The full design of a frame (parts included), built in centre blocks to bound the descriptor memory. */
    FrameDesign blockDesign(Structure s) {
        int[] idx = speciesIndex(s, refs.species());
        return BecDesign.buildInBlocks(s, idx, needsScalar(spec, refs) ? scalar : null,
                spec.kind().hasDipoles() ? vector : null, refs, spec, fixedCharges, true, CENTRE_BLOCK);
    }

    /** The weights without a copy (read-only by contract). */
    double[] weightsView() {
        return weights;
    }

    /**
     * (PC2) True unless the charge-redistribution term is written in the local form (periodic cells by default):
     * the local form uses neighbour-image vectors while P uses the positions, so {@code dP/dr != Z} there. Atomic
     * dipoles and fixed charges are exact derivatives in any cell.
     */
    @Override
    public boolean polarizationIntegratesBec(Structure structure) {
        return !spec.kind().hasCharges() || spec.chargeForm().resolve(structure.isPeriodic()) == ChargeForm.EXACT;
    }

    /**
     * Whether {@link #predict} contracts in reverse mode: when the descriptors have
     * {@link DescriptorRegistry.Capability#REVERSE_MODE_CONTRACTION} (every model form on the production ones).
     *
     * @return true for the contraction, false for the design route
     */
    public boolean predictsByContraction() {
        return contracted != null;
    }

    /**
     * The prediction through the full design (the reference for {@link #predict}; slower).
     *
     * @param structure the frame
     * @return the same numbers as {@link #predict}
     */
    public BecPrediction predictByDesign(Structure structure) {
        return design(structure).predict(weights);
    }
}
