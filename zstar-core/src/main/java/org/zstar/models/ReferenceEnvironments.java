package org.zstar.models;

import java.util.List;
import org.zstar.util.UserInputException;

/**
 * Sparse reference environments B per species, and the column layout of the weight vector.
 *
 * <p>Columns: for each species s (index in {@link #species}), the monopole block
 * {@code [chargeColumn(s), chargeColumn(s) + chargeRefs(s))} (weights w_B of K(i,B)), then, if enabled,
 * one per-species charge-offset column; then the dipole block {@code [dipoleColumn(s), ... + 3 dipoleRefs(s))}
 * with column {@code dipoleColumn(s) + 3B + c} multiplying {@code [X_i X_B^T]_{ac}}; or, for the feature dipole
 * kernel, {@code [dipoleColumn(s), ... + F_v (1 + G_s))} with column {@code dipoleColumn(s) + g F_v + f} multiplying
 * {@code X_i[a][f] y_ig}, where {@code y_i0 = 1} and {@code y_ig = (x_i . x_{M_g})^(zeta_p - 1)} for the G_s modulator
 * environments {@code M_1..M_G} of the species (docs/THEORY.md, (D4)).
 */
public final class ReferenceEnvironments {
    final List<String> species;
    /** Per species: unit scalar descriptors of the references, row-major (m_s x F). */
    final double[][] scalar;
    final int scalarFeatures;
    /** Per species: raw lambda = 1 descriptors of the dipole references, row-major (m_s x 3F_v), rows [c][f]. */
    final double[][] vector;
    /** Per species: unit scalar descriptors of the dipole references (for the polynomial dipole kernel). */
    final double[][] vectorScalar;
    final int vectorFeatures;
    final boolean chargeOffsets;
    /** Dipoles linear in every lambda = 1 feature (no dipole references). */
    final boolean dipoleFeatures;
    /** Per species: unit scalar descriptors of the modulator environments of the feature dipoles (G_s x F). */
    final double[][] modulators;
    /**
     * Per species: the lambda = 1 features (indices into F_v, ascending) that the modulators multiply, or null for
     * all of them (docs/THEORY.md (D5)); the unmodulated block always holds every feature.
     */
    final int[][] modulatedFeatures;

    private final int[] chargeColumn;
    private final int[] offsetColumn;
    private final int[] dipoleColumn;
    private final int columns;

    /**
     * References without modulators or feature dipoles.
     *
     * @param species the species, in block order
     * @param scalar per species, unit scalar descriptors of the charge references (row-major m_s x scalarFeatures)
     * @param scalarFeatures the length F of a scalar descriptor
     * @param vector per species, raw lambda = 1 descriptors of the dipole references (row-major m_s x 3F_v)
     * @param vectorScalar per species, unit scalar descriptors of the dipole references
     * @param vectorFeatures the number F_v of lambda = 1 features
     * @param chargeOffsets whether every species gets a charge-offset column
     */
    public ReferenceEnvironments(List<String> species, double[][] scalar, int scalarFeatures, double[][] vector,
            double[][] vectorScalar, int vectorFeatures, boolean chargeOffsets) {
        this(species, scalar, scalarFeatures, vector, vectorScalar, vectorFeatures, chargeOffsets, false);
    }

    /**
     * References without modulators.
     *
     * @param species the species, in block order
     * @param scalar per species, unit scalar descriptors of the charge references (row-major m_s x scalarFeatures)
     * @param scalarFeatures the length F of a scalar descriptor
     * @param vector per species, raw lambda = 1 descriptors of the dipole references (row-major m_s x 3F_v)
     * @param vectorScalar per species, unit scalar descriptors of the dipole references
     * @param vectorFeatures the number F_v of lambda = 1 features
     * @param chargeOffsets whether every species gets a charge-offset column
     * @param dipoleFeatures dipoles linear in every lambda = 1 feature (no dipole references)
     */
    public ReferenceEnvironments(List<String> species, double[][] scalar, int scalarFeatures, double[][] vector,
            double[][] vectorScalar, int vectorFeatures, boolean chargeOffsets, boolean dipoleFeatures) {
        this(species, scalar, scalarFeatures, vector, vectorScalar, vectorFeatures, chargeOffsets, dipoleFeatures,
                null);
    }

    /**
     * References with modulators of the feature dipoles, every feature modulated.
     *
     * @param modulators per species, unit scalar descriptors (row-major G_s x scalarFeatures) of the environments
     *     whose kernel values modulate the feature dipoles; null or empty rows for none (feature dipoles only)
     * @param species the species, in block order
     * @param scalar per species, unit scalar descriptors of the charge references (row-major m_s x scalarFeatures)
     * @param scalarFeatures the length F of a scalar descriptor
     * @param vector per species, raw lambda = 1 descriptors of the dipole references (row-major m_s x 3F_v)
     * @param vectorScalar per species, unit scalar descriptors of the dipole references
     * @param vectorFeatures the number F_v of lambda = 1 features
     * @param chargeOffsets whether every species gets a charge-offset column
     * @param dipoleFeatures dipoles linear in every lambda = 1 feature (no dipole references)
     */
    public ReferenceEnvironments(List<String> species, double[][] scalar, int scalarFeatures, double[][] vector,
            double[][] vectorScalar, int vectorFeatures, boolean chargeOffsets, boolean dipoleFeatures,
            double[][] modulators) {
        this(species, scalar, scalarFeatures, vector, vectorScalar, vectorFeatures, chargeOffsets, dipoleFeatures,
                modulators, null);
    }

    /**
     * References with modulators of the feature dipoles.
     *
     * @param modulatedFeatures per species, the ascending lambda = 1 feature indices that the modulators multiply
     *     (null, or a null row, for all features)
     * @param species the species, in block order
     * @param scalar per species, unit scalar descriptors of the charge references (row-major m_s x scalarFeatures)
     * @param scalarFeatures the length F of a scalar descriptor
     * @param vector per species, raw lambda = 1 descriptors of the dipole references (row-major m_s x 3F_v)
     * @param vectorScalar per species, unit scalar descriptors of the dipole references
     * @param vectorFeatures the number F_v of lambda = 1 features
     * @param chargeOffsets whether every species gets a charge-offset column
     * @param dipoleFeatures dipoles linear in every lambda = 1 feature (no dipole references)
     * @param modulators per species, unit scalar descriptors (row-major G_s x scalarFeatures) of the modulator
     *     environments; null or empty rows for none
     */
    public ReferenceEnvironments(List<String> species, double[][] scalar, int scalarFeatures, double[][] vector,
            double[][] vectorScalar, int vectorFeatures, boolean chargeOffsets, boolean dipoleFeatures,
            double[][] modulators, int[][] modulatedFeatures) {
        this.species = List.copyOf(species);
        int ns = species.size();
        this.scalar = scalar == null ? new double[ns][0] : scalar;
        this.scalarFeatures = scalarFeatures;
        this.vector = vector == null ? new double[ns][0] : vector;
        this.vectorScalar = vectorScalar == null ? new double[ns][0] : vectorScalar;
        this.vectorFeatures = vectorFeatures;
        this.chargeOffsets = chargeOffsets;
        this.dipoleFeatures = dipoleFeatures;
        this.modulators = modulators == null ? new double[ns][0] : modulators;
        if (this.modulators.length != ns) {
            throw new IllegalArgumentException("modulators for " + this.modulators.length + " species, expected " + ns);
        }
        for (double[] mod : this.modulators) {
            if (mod.length > 0 && (!dipoleFeatures || scalarFeatures == 0 || mod.length % scalarFeatures != 0)) {
                throw new UserInputException("dipole modulators need feature dipoles and scalar descriptors "
                        + "(" + mod.length + " numbers, " + scalarFeatures + " scalar features)");
            }
        }
        this.modulatedFeatures = modulatedFeatures == null ? new int[ns][] : modulatedFeatures;
        if (this.modulatedFeatures.length != ns) {
            throw new IllegalArgumentException("modulated features for " + this.modulatedFeatures.length
                    + " species, expected " + ns);
        }
        for (int[] sel : this.modulatedFeatures) {
            for (int k = 0; sel != null && k < sel.length; k++) {
                if (sel[k] < 0 || sel[k] >= vectorFeatures || (k > 0 && sel[k] <= sel[k - 1])) {
                    throw new IllegalArgumentException("modulated features must be ascending indices below "
                            + vectorFeatures + ", got " + java.util.Arrays.toString(sel));
                }
            }
        }
        chargeColumn = new int[ns];
        offsetColumn = new int[ns];
        dipoleColumn = new int[ns];
        int col = 0;
        for (int s = 0; s < ns; s++) {
            chargeColumn[s] = col;
            col += chargeRefs(s);
            offsetColumn[s] = chargeOffsets ? col++ : -1;
        }
        for (int s = 0; s < ns; s++) {
            dipoleColumn[s] = col;
            col += dipoleColumns(s);
        }
        columns = col;
    }

    /** {@return the species, in block order} */
    public List<String> species() {
        return species;
    }

    /**
     * {@return the number of charge references m_s of species s}
     *
     * @param s the species index
     */
    public int chargeRefs(int s) {
        return scalarFeatures == 0 ? 0 : scalar[s].length / scalarFeatures;
    }

    /**
     * {@return the number of dipole references of species s (0 for feature dipoles)}
     *
     * @param s the species index
     */
    public int dipoleRefs(int s) {
        return vectorFeatures == 0 || dipoleFeatures ? 0 : vector[s].length / (3 * vectorFeatures);
    }

    /**
     * Number of modulator environments G_s of the feature dipoles of species s (0: plain feature dipoles).
     *
     * @param s the species index
     * @return G_s
     */
    public int modulatorRefs(int s) {
        return scalarFeatures == 0 ? 0 : modulators[s].length / scalarFeatures;
    }

    /** {@return whether any species has dipole modulators (they need the scalar descriptor with derivatives)} */
    public boolean hasModulators() {
        for (int s = 0; s < species.size(); s++) {
            if (modulatorRefs(s) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Number of dipole weights of species s: 3 per reference, or F_v for the unmodulated feature block plus
     * {@link #modulatedWidth} per modulator.
     *
     * @param s the species index
     * @return the number of dipole columns
     */
    public int dipoleColumns(int s) {
        return dipoleFeatures ? vectorFeatures + modulatedWidth(s) * modulatorRefs(s) : 3 * dipoleRefs(s);
    }

    /**
     * Number of lambda = 1 features each modulator of species s multiplies (F_v unless a subset was chosen).
     *
     * @param s the species index
     * @return the number of features
     */
    public int modulatedWidth(int s) {
        return modulatedFeatures[s] == null ? vectorFeatures : modulatedFeatures[s].length;
    }

    /**
     * Lambda = 1 feature of the k-th modulated column of species s.
     *
     * @param s the species index
     * @param k the index of the modulated column within a modulator's block
     * @return the feature index into F_v
     */
    public int modulatedFeature(int s, int k) {
        return modulatedFeatures[s] == null ? k : modulatedFeatures[s][k];
    }

    /** {@return whether some species' modulators multiply only a subset of the lambda = 1 features} */
    public boolean hasModulatedSubset() {
        for (int s = 0; s < species.size(); s++) {
            if (modulatedFeatures[s] != null && modulatorRefs(s) > 0) {
                return true;
            }
        }
        return false;
    }

    /** {@return the same references with every modulator multiplying all lambda = 1 features (no (D5) subsets)} */
    public ReferenceEnvironments withAllModulatedFeatures() {
        return new ReferenceEnvironments(species, scalar, scalarFeatures, vector, vectorScalar, vectorFeatures,
                chargeOffsets, dipoleFeatures, modulators, null);
    }

    /**
     * Weights of this layout written in the layout of {@link #withAllModulatedFeatures}: each modulated weight
     * moves to its feature's column, the features outside a subset get zero. Both give the same model.
     *
     * @param w the weights in this layout
     * @return the weights in the layout with all features modulated
     */
    public double[] expandModulatedWeights(double[] w) {
        ReferenceEnvironments full = withAllModulatedFeatures();
        double[] out = new double[full.columns()];
        System.arraycopy(w, 0, out, 0, chargeBlockColumns()); // the charge block is the same
        for (int s = 0; s < species.size(); s++) {
            int src = dipoleColumn(s);
            int dst = full.dipoleColumn(s);
            System.arraycopy(w, src, out, dst, vectorFeatures); // unmodulated block: every feature
            int width = modulatedWidth(s);
            for (int g = 0; g < modulatorRefs(s); g++) {
                for (int k = 0; k < width; k++) {
                    out[dst + vectorFeatures * (1 + g) + modulatedFeature(s, k)] = w[src + vectorFeatures + g * width + k];
                }
            }
        }
        return out;
    }

    /** {@return number of columns of the charge block (references and offsets of every species)} */
    public int chargeBlockColumns() {
        return species.isEmpty() ? 0 : dipoleColumn[0];
    }

    /** {@return whether the dipoles are linear in every lambda = 1 feature} */
    public boolean dipoleFeatures() {
        return dipoleFeatures;
    }

    /**
     * {@return the first column of the charge block of species s}
     *
     * @param s the species index
     */
    public int chargeColumn(int s) {
        return chargeColumn[s];
    }

    /**
     * Column of the per-species charge offset, or -1.
     *
     * @param s the species index
     * @return the column
     */
    public int offsetColumn(int s) {
        return offsetColumn[s];
    }

    /**
     * {@return the first column of the dipole block of species s}
     *
     * @param s the species index
     */
    public int dipoleColumn(int s) {
        return dipoleColumn[s];
    }

    /** {@return total number of weights} */
    public int columns() {
        return columns;
    }

    /**
     * Columns that belong to the charge (monopole) block, including offsets.
     *
     * @param col the column
     * @return true for a charge or charge-offset column
     */
    public boolean isChargeColumn(int col) {
        return col < (species.isEmpty() ? 0 : dipoleColumn[0]);
    }
}
