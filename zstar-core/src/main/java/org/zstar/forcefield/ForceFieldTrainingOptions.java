package org.zstar.forcefield;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.zstar.models.SpeciesCounts;
import org.zstar.models.TrainingOptions;
import org.zstar.util.UserInputException;

/**
 * Everything that controls fitting a kernel force field besides the data; built with {@link #builder}, which
 * starts from {@link ForceFieldDefaults}. A quantity weight that is not set is "automatic": the inverse standard
 * deviation of its training targets (docs/THEORY.md, "Force field and MD", (FF5)). Immutable; impossible values
 * are refused by {@link Builder#build} with a {@link UserInputException}.
 */
public final class ForceFieldTrainingOptions {
    private final int zeta;
    private final SpeciesCounts references;
    private final TrainingOptions.Selection selection;
    private final double lambda;
    private final OptionalDouble energyWeight;
    private final OptionalDouble forceWeight;
    private final OptionalDouble stressWeight;
    private final int threads;

    private ForceFieldTrainingOptions(Builder b) {
        if (b.zeta < 1) {
            throw new UserInputException("the kernel power zeta must be >= 1, got " + b.zeta);
        }
        if (b.references.others() < 1 || b.references.perSpecies().values().stream().anyMatch(m -> m < 1)) {
            throw new UserInputException("reference counts must be >= 1, got " + b.references.others() + " and "
                    + b.references.perSpecies());
        }
        if (b.selection == null) {
            throw new UserInputException("a selection method (cur or fps) is needed");
        }
        if (!(b.lambda >= 0) || Double.isInfinite(b.lambda)) {
            throw new UserInputException("regularisation must be finite and >= 0, got " + b.lambda);
        }
        checkWeight("energy", b.energyWeight);
        checkWeight("force", b.forceWeight);
        checkWeight("stress", b.stressWeight);
        if (isZero(b.energyWeight) && isZero(b.forceWeight)) {
            throw new UserInputException("energy and force weights are both 0: the force field would fit nothing "
                    + "but stresses");
        }
        if (b.threads < 1) {
            throw new UserInputException("threads must be >= 1, got " + b.threads);
        }
        this.zeta = b.zeta;
        this.references = b.references;
        this.selection = b.selection;
        this.lambda = b.lambda;
        this.energyWeight = b.energyWeight;
        this.forceWeight = b.forceWeight;
        this.stressWeight = b.stressWeight;
        this.threads = b.threads;
    }

    private static void checkWeight(String what, OptionalDouble w) {
        if (w.isPresent() && !(w.getAsDouble() >= 0 && Double.isFinite(w.getAsDouble()))) {
            throw new UserInputException(what + " weight must be finite and >= 0, got " + w.getAsDouble());
        }
    }

    private static boolean isZero(OptionalDouble w) {
        return w.isPresent() && w.getAsDouble() == 0;
    }

    /**
     * A builder at the defaults.
     *
     * @return a builder with every setting at its {@link ForceFieldDefaults} value and automatic weights
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults.
     *
     * @return the options of {@link #builder()} unchanged
     */
    public static ForceFieldTrainingOptions defaults() {
        return builder().build();
    }

    /**
     * A builder holding these options.
     *
     * @return a builder to change some of them
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.zeta = zeta;
        b.references = references;
        b.selection = selection;
        b.lambda = lambda;
        b.energyWeight = energyWeight;
        b.forceWeight = forceWeight;
        b.stressWeight = stressWeight;
        b.threads = threads;
        return b;
    }

    /** {@return the kernel exponent of {@code K = (x . x_B)^zeta}} */
    public int zeta() {
        return zeta;
    }

    /** {@return reference environments per species} */
    public SpeciesCounts references() {
        return references;
    }

    /**
     * The reference count of one species.
     *
     * @param symbol canonical element symbol
     * @return its count
     */
    public int references(String symbol) {
        return references.get(symbol);
    }

    /** {@return the sparse selection of the reference environments} */
    public TrainingOptions.Selection selection() {
        return selection;
    }

    /** {@return the Tikhonov strength relative to the mean diagonal of the weighted normal matrix} */
    public double lambda() {
        return lambda;
    }

    /** {@return the weight of the per-atom energy rows (1/(eV/atom)); empty = automatic} */
    public OptionalDouble energyWeight() {
        return energyWeight;
    }

    /** {@return the weight of the force rows (A/eV); empty = automatic} */
    public OptionalDouble forceWeight() {
        return forceWeight;
    }

    /** {@return the weight of the stress rows (A^3/eV; 0 ignores stresses); empty = automatic} */
    public OptionalDouble stressWeight() {
        return stressWeight;
    }

    /** {@return worker threads (they do not change the result)} */
    public int threads() {
        return threads;
    }

    /**
     * The same options with another thread count.
     *
     * @param t worker threads (&gt;= 1)
     * @return the new options
     */
    public ForceFieldTrainingOptions withThreads(int t) {
        return toBuilder().threads(t).build();
    }

    /**
     * The settings as plain values, as the force field's metadata records them.
     *
     * @return zeta, references ("*" = every species not named), selection, lambda and the weights ("auto" when
     *         automatic); no thread count: it must not change the file
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", zeta);
        Map<String, Object> refs = new TreeMap<>(references.perSpecies());
        refs.put("*", references.others());
        m.put("references", refs);
        m.put("selection", selection.label());
        m.put("lambda", lambda);
        m.put("energy_weight", energyWeight.isPresent() ? (Object) energyWeight.getAsDouble() : "auto");
        m.put("force_weight", forceWeight.isPresent() ? (Object) forceWeight.getAsDouble() : "auto");
        m.put("stress_weight", stressWeight.isPresent() ? (Object) stressWeight.getAsDouble() : "auto");
        return m;
    }

    /** Fluent builder; every setting starts at its {@link ForceFieldDefaults} value, the weights automatic. */
    public static final class Builder {
        private int zeta = ForceFieldDefaults.ZETA;
        private SpeciesCounts references = SpeciesCounts.of(ForceFieldDefaults.REFERENCES);
        private TrainingOptions.Selection selection = ForceFieldDefaults.SELECTION;
        private double lambda = ForceFieldDefaults.LAMBDA;
        private OptionalDouble energyWeight = OptionalDouble.empty();
        private OptionalDouble forceWeight = OptionalDouble.empty();
        private OptionalDouble stressWeight = OptionalDouble.empty();
        private int threads = ForceFieldDefaults.threads();

        private Builder() {
        }

        /**
         * The kernel exponent.
         *
         * @param v zeta (&gt;= 1)
         * @return this builder
         */
        public Builder zeta(int v) {
            zeta = v;
            return this;
        }

        /**
         * Reference environments per species.
         *
         * @param v counts (&gt;= 1)
         * @return this builder
         */
        public Builder references(SpeciesCounts v) {
            references = v;
            return this;
        }

        /**
         * The same number of reference environments for every species.
         *
         * @param v count (&gt;= 1)
         * @return this builder
         */
        public Builder references(int v) {
            return references(SpeciesCounts.of(v));
        }

        /**
         * The sparse selection method.
         *
         * @param v CUR or FPS
         * @return this builder
         */
        public Builder selection(TrainingOptions.Selection v) {
            selection = v;
            return this;
        }

        /**
         * The relative Tikhonov strength.
         *
         * @param v finite, &gt;= 0
         * @return this builder
         */
        public Builder lambda(double v) {
            lambda = v;
            return this;
        }

        /**
         * The weight of the per-atom energy rows.
         *
         * @param v 1/(eV/atom), finite and &gt;= 0
         * @return this builder
         */
        public Builder energyWeight(double v) {
            energyWeight = OptionalDouble.of(v);
            return this;
        }

        /**
         * The weight of the force rows.
         *
         * @param v A/eV, finite and &gt;= 0
         * @return this builder
         */
        public Builder forceWeight(double v) {
            forceWeight = OptionalDouble.of(v);
            return this;
        }

        /**
         * The weight of the stress rows.
         *
         * @param v A^3/eV, finite and &gt;= 0; 0 ignores the stresses
         * @return this builder
         */
        public Builder stressWeight(double v) {
            stressWeight = OptionalDouble.of(v);
            return this;
        }

        /**
         * Every quantity weight back to automatic (inverse standard deviation of the training targets).
         *
         * @return this builder
         */
        public Builder automaticWeights() {
            energyWeight = OptionalDouble.empty();
            forceWeight = OptionalDouble.empty();
            stressWeight = OptionalDouble.empty();
            return this;
        }

        /**
         * Worker threads.
         *
         * @param v &gt;= 1
         * @return this builder
         */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /**
         * The options.
         *
         * @return immutable options
         * @throws UserInputException for an impossible value
         */
        public ForceFieldTrainingOptions build() {
            return new ForceFieldTrainingOptions(this);
        }
    }
}
