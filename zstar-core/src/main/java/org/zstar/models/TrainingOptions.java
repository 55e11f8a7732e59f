package org.zstar.models;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.zstar.util.UserInputException;

/**
 * Everything that controls fitting a BEC model besides the data; built with {@link #builder}, which starts from
 * {@link TrainingDefaults}. Immutable.
 */
public final class TrainingOptions {
    /** Sparse selection of reference environments: farthest point or CUR leverage. */
    public enum Selection {
        /** Farthest-point sampling in kernel distance. */
        FPS,
        /** Greedy CUR leverage on the feature covariance. */
        CUR;

        /**
         * The method of a name.
         *
         * @param s "fps" or "cur", in any case
         * @return the method
         * @throws UserInputException for another name
         */
        public static Selection parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "fps" -> FPS;
                case "cur" -> CUR;
                default -> throw new UserInputException("selection must be fps or cur, got '" + s + "'");
            };
        }

        /** {@return the command-line name, "fps" or "cur"} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final BecModelSpec spec;
    private final SpeciesCounts chargeRefs;
    private final SpeciesCounts dipoleRefs;
    private final SpeciesCounts dipoleModulators;
    private final SpeciesCounts modulatedFeatures;
    private final Selection selection;
    private final double lambdaW;
    private final double lambdaQ;
    private final Map<String, Double> fixedCharges;
    private final boolean projectAsr;
    private final int threads;
    private final long seed;

    private TrainingOptions(Builder b) {
        this.spec = b.spec;
        this.chargeRefs = b.chargeRefs;
        this.dipoleRefs = b.dipoleRefs;
        this.dipoleModulators = b.dipoleModulators;
        this.modulatedFeatures = b.modulatedFeatures;
        this.selection = b.selection;
        this.lambdaW = b.lambdaW;
        this.lambdaQ = b.lambdaQ;
        this.fixedCharges = Map.copyOf(b.fixedCharges);
        this.projectAsr = b.projectAsr;
        this.threads = b.threads;
        this.seed = b.seed;
        // a model without dipoles ignores the modulators (learning curves run every kind with one set of options)
        if (spec.kind().hasDipoles() && dipoleModulators.anyPositive()) {
            if (spec.dipoleKernel() != BecModelSpec.DipoleKernel.FEATURES) {
                throw new UserInputException("dipole modulators need a model with feature dipoles "
                        + "(--dipole-kernel features); use --dipole-modulators 0 with the " 
                        + spec.dipoleKernel().name().toLowerCase(Locale.ROOT) + " kernel");
            }
            if (spec.dipoleZeta() < 2) {
                throw new UserInputException("dipole modulators need a dipole kernel power >= 2 "
                        + "(modulator (x_i.x_M)^(zeta_p-1)), got " + spec.dipoleZeta());
            }
        }
        if (!(lambdaW >= 0) || !(lambdaQ >= 0) || !Double.isFinite(lambdaW) || !Double.isFinite(lambdaQ)) {
            throw new UserInputException("regularisation strengths must be finite and >= 0, got lambda_w = " + lambdaW
                    + ", lambda_q = " + lambdaQ);
        }
        if (threads < 1) {
            throw new UserInputException("threads must be >= 1, got " + threads);
        }
    }

    /**
     * Options for a model kind, every setting at its {@link TrainingDefaults default}.
     *
     * @param kind the model form
     * @return a builder
     */
    public static Builder builder(ModelKind kind) {
        return new Builder(BecModelSpec.defaults(kind));
    }

    /**
     * The defaults for a model kind.
     *
     * @param kind the model form
     * @return the options of {@link #builder} unchanged
     */
    public static TrainingOptions defaults(ModelKind kind) {
        return builder(kind).build();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        Builder b = new Builder(spec);
        b.chargeRefs = chargeRefs;
        b.dipoleRefs = dipoleRefs;
        b.dipoleModulators = dipoleModulators;
        b.modulatorsSet = true;
        b.modulatedFeatures = modulatedFeatures;
        b.selection = selection;
        b.lambdaW = lambdaW;
        b.lambdaQ = lambdaQ;
        b.fixedCharges = fixedCharges;
        b.projectAsr = projectAsr;
        b.threads = threads;
        b.seed = seed;
        return b;
    }

    /** {@return the model form and kernel settings} */
    public BecModelSpec spec() {
        return spec;
    }

    /**
     * Charge reference environments of a species.
     *
     * @param symbol canonical element symbol
     * @return the count
     */
    public int chargeRefs(String symbol) {
        return chargeRefs.get(symbol);
    }

    /**
     * Dipole reference environments of a species.
     *
     * @param symbol canonical element symbol
     * @return the count
     */
    public int dipoleRefs(String symbol) {
        return dipoleRefs.get(symbol);
    }

    /**
     * Modulator environments of the feature dipoles of a species (0 = none).
     *
     * @param symbol the element symbol
     * @return G_s
     */
    public int dipoleModulators(String symbol) {
        return dipoleModulators.get(symbol);
    }

    /**
     * Lambda = 1 features of a species that its modulators multiply (0 = all), docs/THEORY.md (D5).
     *
     * @param symbol the element symbol
     * @return the number of features (0 = all)
     */
    public int modulatedFeatures(String symbol) {
        return modulatedFeatures.get(symbol);
    }

    /** {@return the sparse selection of reference environments} */
    public Selection selection() {
        return selection;
    }

    /** {@return Tikhonov strength, relative to the mean diagonal of the normal matrix of the BEC rows} */
    public double lambdaW() {
        return lambdaW;
    }

    /** {@return charge regularisation: rows {@code lambdaQ (q_j - tr(Z_j)/3)} (0 = off)} */
    public double lambdaQ() {
        return lambdaQ;
    }

    /** {@return dipole model: symbol to fixed charge; empty = training mean of tr(Z)/3} */
    public Map<String, Double> fixedCharges() {
        return fixedCharges;
    }

    /** {@return whether the reference BECs are projected onto the acoustic sum rule before training} */
    public boolean projectAsr() {
        return projectAsr;
    }

    /** {@return worker threads; they bound all the work of a training (descriptor loops included)} */
    public int threads() {
        return threads;
    }

    /** {@return the seed of the random choices} */
    public long seed() {
        return seed;
    }

    /**
     * The same options with another model specification.
     *
     * @param s the specification
     * @return the new options
     */
    public TrainingOptions withSpec(BecModelSpec s) {
        return toBuilder().spec(s).build();
    }

    /**
     * The same options with other regularisation strengths.
     *
     * @param w Tikhonov strength (relative)
     * @param q charge regularisation
     * @return the new options
     */
    public TrainingOptions withRegularisation(double w, double q) {
        return toBuilder().lambdaW(w).lambdaQ(q).build();
    }

    /**
     * The same options with another thread count.
     *
     * @param t worker threads
     * @return the new options
     */
    public TrainingOptions withThreads(int t) {
        return toBuilder().threads(t).build();
    }

    /** The settings as plain values, for model metadata (no thread count: it must not change the model file). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("charge_refs", chargeRefs.toMap());
        m.put("dipole_refs", dipoleRefs.toMap());
        m.put("selection", selection.label());
        m.put("lambda_w", lambdaW);
        m.put("lambda_q", lambdaQ);
        m.put("fixed_charges", new TreeMap<>(fixedCharges));
        m.put("project_asr", projectAsr);
        m.put("seed", seed);
        m.put("dipole_modulators", dipoleModulators.toMap());
        m.put("modulated_features", modulatedFeatures.toMap());
        return m;
    }

    /** Fluent builder; every setting starts at its {@link TrainingDefaults} value. */
    public static final class Builder {
        private BecModelSpec spec;
        private SpeciesCounts chargeRefs = SpeciesCounts.of(TrainingDefaults.CHARGE_REFS);
        private SpeciesCounts dipoleRefs = SpeciesCounts.of(TrainingDefaults.DIPOLE_REFS);
        private SpeciesCounts dipoleModulators = SpeciesCounts.of(TrainingDefaults.DIPOLE_MODULATORS);
        private SpeciesCounts modulatedFeatures = SpeciesCounts.of(TrainingDefaults.MODULATED_FEATURES);
        private Selection selection = TrainingDefaults.SELECTION;
        private double lambdaW = TrainingDefaults.LAMBDA_W;
        private double lambdaQ = TrainingDefaults.LAMBDA_Q;
        private Map<String, Double> fixedCharges = Map.of();
        private boolean projectAsr;
        private int threads = TrainingDefaults.threads();
        private long seed = TrainingDefaults.SEED;

        private boolean modulatorsSet;

        private Builder(BecModelSpec spec) {
            this.spec = spec;
        }

        /**
         * Sets the model form and kernel settings.
         *
         * @param v the specification
         * @return this builder
         */
        public Builder spec(BecModelSpec v) {
            spec = v;
            return this;
        }

        /**
         * Sets charge reference environments per species.
         *
         * @param v counts (&gt;= 0)
         * @return this builder
         */
        public Builder chargeRefs(SpeciesCounts v) {
            chargeRefs = v;
            return this;
        }

        /**
         * Sets the same number of charge reference environments for every species.
         *
         * @param v count (&gt;= 0)
         * @return this builder
         */
        public Builder chargeRefs(int v) {
            return chargeRefs(SpeciesCounts.of(v));
        }

        /**
         * Sets dipole reference environments per species (linear and polynomial dipole kernels).
         *
         * @param v counts (&gt;= 0)
         * @return this builder
         */
        public Builder dipoleRefs(SpeciesCounts v) {
            dipoleRefs = v;
            return this;
        }

        /**
         * Sets the same number of dipole reference environments for every species.
         *
         * @param v count (&gt;= 0)
         * @return this builder
         */
        public Builder dipoleRefs(int v) {
            return dipoleRefs(SpeciesCounts.of(v));
        }

        /**
         * Sets modulator environments per species of the feature dipoles (0 = none).
         *
         * @param v counts (&gt;= 0)
         * @return this builder
         */
        public Builder dipoleModulators(SpeciesCounts v) {
            dipoleModulators = v;
            modulatorsSet = true;
            return this;
        }

        /**
         * Sets the same number of modulator environments for every species.
         *
         * @param v count (&gt;= 0)
         * @return this builder
         */
        public Builder dipoleModulators(int v) {
            return dipoleModulators(SpeciesCounts.of(v));
        }

        /**
         * Sets lambda = 1 features per species that the modulators multiply (0 = all).
         *
         * @param v counts (&gt;= 0)
         * @return this builder
         */
        public Builder modulatedFeatures(SpeciesCounts v) {
            modulatedFeatures = v;
            return this;
        }

        /**
         * Sets the same number of modulated features for every species (0 = all).
         *
         * @param v count (&gt;= 0)
         * @return this builder
         */
        public Builder modulatedFeatures(int v) {
            return modulatedFeatures(SpeciesCounts.of(v));
        }

        /**
         * Sets the sparse selection of reference environments.
         *
         * @param v FPS or CUR
         * @return this builder
         */
        public Builder selection(Selection v) {
            selection = v;
            return this;
        }

        /**
         * Sets the Tikhonov strength, relative to the mean diagonal of the normal matrix.
         *
         * @param v finite, &gt;= 0
         * @return this builder
         */
        public Builder lambdaW(double v) {
            lambdaW = v;
            return this;
        }

        /**
         * Sets the charge regularisation strength (0 = off).
         *
         * @param v finite, &gt;= 0
         * @return this builder
         */
        public Builder lambdaQ(double v) {
            lambdaQ = v;
            return this;
        }

        /**
         * Sets the fixed charges of a dipole model.
         *
         * @param v symbol to charge (e); null or empty = training mean of tr(Z)/3
         * @return this builder
         */
        public Builder fixedCharges(Map<String, Double> v) {
            fixedCharges = v == null ? Map.of() : v;
            return this;
        }

        /**
         * Sets whether the reference BECs are projected onto the acoustic sum rule before training.
         *
         * @param v true to project
         * @return this builder
         */
        public Builder projectAsr(boolean v) {
            projectAsr = v;
            return this;
        }

        /**
         * Sets worker threads (they do not change the model).
         *
         * @param v &gt;= 1
         * @return this builder
         */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /**
         * Sets the seed of the random choices.
         *
         * @param v any number
         * @return this builder
         */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /**
         * The options; the default modulators apply to feature dipoles only, so a model with another dipole kernel
         * gets none unless they were set explicitly (which is then an error).
         *
         * @return the options
         */
        public TrainingOptions build() {
            if (!modulatorsSet && spec.dipoleKernel() != BecModelSpec.DipoleKernel.FEATURES) {
                dipoleModulators = SpeciesCounts.of(0);
            }
            return new TrainingOptions(this);
        }
    }
}
