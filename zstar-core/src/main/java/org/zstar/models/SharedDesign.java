package org.zstar.models;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * The combined (q+p) model's design holds the monopole and dipole models as column blocks (docs/THEORY.md (E8)):
 * with the same references, modulators and modulated features, the monopole model's design is the combined design's
 * charge block {@code [0, chargeBlockColumns)} and the dipole model's design its dipole block
 * {@code [chargeBlockColumns, columns)}; the dipole model's fixed charges enter only its constant, through the
 * combined design's charge-offset columns (E9). One frame design of the combined model therefore serves all three
 * models. This class exposes the frame designs and builds the sub-models; the sums live in
 * {@code org.zstar.experiments.FrameSumStore}.
 */
public final class SharedDesign {
    private SharedDesign() {
    }

    /**
     * The half-open column range {@code [from, to)} of a model kind inside the combined layout.
     *
     * @param kind the model kind
     * @param combined the combined model's references
     * @return {from, to}
     */
    public static int[] columnRange(ModelKind kind, ReferenceEnvironments combined) {
        int q = combined.chargeBlockColumns();
        return switch (kind) {
            case MONOPOLE -> new int[] {0, q};
            case DIPOLE -> new int[] {q, combined.columns()};
            case COMBINED -> new int[] {0, combined.columns()};
        };
    }

    /**
     * The charge-offset column of every species (the C_s of (E3)); the layout must have offsets.
     *
     * @param combined the combined model's references, with offsets
     * @return the offset column per species
     */
    public static int[] offsetColumns(ReferenceEnvironments combined) {
        int[] out = new int[combined.species().size()];
        for (int s = 0; s < out.length; s++) {
            out[s] = combined.offsetColumn(s);
            if (out[s] < 0) {
                throw new UserInputException("the shared design needs charge offsets (--charge-offsets): the dipole "
                        + "model's fixed charges are expressed through the offset columns");
            }
        }
        return out;
    }

    /**
     * The references of a model kind as its own training would hold them: the combined references restricted to
     * the charge block (monopole) or to the dipole block with its modulators and modulated features (dipole).
     *
     * @param kind the model kind
     * @param c the combined model's references
     * @return the references of that kind
     */
    public static ReferenceEnvironments block(ModelKind kind, ReferenceEnvironments c) {
        if (!c.dipoleFeatures()) {
            throw new UserInputException("the shared design is implemented for the feature dipole kernel "
                    + "(--dipole-kernel features, the default)");
        }
        int ns = c.species.size();
        return switch (kind) {
            case COMBINED -> c;
            case MONOPOLE -> new ReferenceEnvironments(c.species, c.scalar, c.scalarFeatures, null, null, 0,
                    c.chargeOffsets, false, null, null);
            case DIPOLE -> {
                boolean modulated = c.hasModulators();
                yield new ReferenceEnvironments(c.species, null, modulated ? c.scalarFeatures : 0, new double[ns][0],
                        null, c.vectorFeatures, false, true, modulated ? c.modulators : null,
                        modulated ? c.modulatedFeatures : null);
            }
        };
    }

    /**
     * Whether two reference sets are the same basis (same layout and the same numbers).
     *
     * @param a one reference set
     * @param b the other
     * @return true when they are the same
     */
    public static boolean sameReferences(ReferenceEnvironments a, ReferenceEnvironments b) {
        if (!a.species.equals(b.species) || a.columns() != b.columns() || a.chargeBlockColumns() != b.chargeBlockColumns()
                || a.dipoleFeatures != b.dipoleFeatures || a.vectorFeatures != b.vectorFeatures) {
            return false;
        }
        for (int s = 0; s < a.species.size(); s++) {
            if (a.chargeRefs(s) > 0 && !Arrays.equals(a.scalar[s], b.scalar[s])) {
                return false;
            }
            if (a.modulatorRefs(s) != b.modulatorRefs(s)
                    || (a.modulatorRefs(s) > 0 && (!Arrays.equals(a.modulators[s], b.modulators[s])
                    || !Arrays.equals(a.modulatedFeatures[s], b.modulatedFeatures[s])))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The BEC and charge rows of a (prepared) training frame in the combined layout: {@code bec} 9N x M row-major with
     * targets {@code Z - constant}, {@code charges} N x M (nonzero only in the charge block) with targets
     * {@code tr(Z)/3 - constant}, as {@link BecTrainer} adds them.
     *
     * @param atoms the number of atoms N
     * @param columns the number of columns M of the combined layout
     * @param bec the BEC rows, row-major 9N x M
     * @param becTarget the BEC targets Z - constant, 9N values
     * @param charges the charge rows, row-major N x M
     * @param chargeTarget the charge targets tr(Z)/3 - constant, N values
     * @param chargeConstant the charge part that does not depend on the weights, N values
     * @param dipoles the atomic-dipole design, row-major 3N x M (test frames; null for training rows)
     */
    public record Rows(int atoms, int columns, double[] bec, double[] becTarget, double[] charges, double[] chargeTarget,
            double[] chargeConstant, double[] dipoles) {
    }

    /**
     * Training rows of one frame (descriptors in centre blocks, no prediction parts).
     *
     * @param s the frame
     * @param combinedSpec the combined model's spec
     * @param scalar the charge descriptor
     * @param vector the dipole descriptor
     * @param refs the combined model's references
     * @return the rows
     */
    public static Rows trainingRows(Structure s, BecModelSpec combinedSpec, AtomicDescriptor scalar,
            AtomicDescriptor vector, ReferenceEnvironments refs) {
        FrameDesign d = KernelBecModel.trainingDesign(s, combinedSpec, scalar, vector, refs, null);
        return rows(s, d);
    }

    /**
     * The same rows for a test frame, plus its atomic-dipole design (3N x M) for max |p| (E5).
     *
     * @param s the frame
     * @param combinedSpec the combined model's spec
     * @param scalar the charge descriptor
     * @param vector the dipole descriptor
     * @param refs the combined model's references
     * @return the rows
     */
    public static Rows testRows(Structure s, BecModelSpec combinedSpec, AtomicDescriptor scalar,
            AtomicDescriptor vector, ReferenceEnvironments refs) {
        FrameDesign d = BecDesign.buildInBlocks(s, KernelBecModel.speciesIndex(s, refs.species()), scalar, vector, refs,
                combinedSpec, null, true, KernelBecModel.CENTRE_BLOCK);
        return rows(s, d);
    }

    private static Rows rows(Structure s, FrameDesign d) {
        int n = s.size();
        double[] z = s.atomArrayView(Structure.BEC);
        double[] y = new double[9 * n];
        for (int k = 0; k < 9 * n; k++) {
            y[k] = z[k] - d.becConstant[k];
        }
        double[] yq = new double[n];
        for (int j = 0; j < n; j++) {
            yq[j] = (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3.0 - d.chargeConstant[j];
        }
        return new Rows(n, d.columns, d.bec, y, d.charges, yq, d.chargeConstant, d.dipoles);
    }

    /**
     * The model of one kind from its weights (in its own column layout): what a direct training with
     * {@link #block} references returns.
     *
     * @param fixedCharges per species, for the dipole model only
     * @param kind the model kind
     * @param combinedSpec the combined model's spec
     * @param scalar the charge descriptor
     * @param vector the dipole descriptor
     * @param combined the combined model's references
     * @param weights the weights in the kind's own column layout
     * @param metadata the training metadata
     * @return the model
     */
    public static KernelBecModel model(ModelKind kind, BecModelSpec combinedSpec, AtomicDescriptor scalar,
            AtomicDescriptor vector, ReferenceEnvironments combined, double[] weights, double[] fixedCharges,
            Map<String, Object> metadata) {
        ReferenceEnvironments refs = block(kind, combined);
        BecModelSpec spec = combinedSpec.withKind(kind);
        boolean needScalar = KernelBecModel.needsScalar(spec, refs);
        return new KernelBecModel(spec, needScalar ? scalar : null, kind.hasDipoles() ? vector : null, refs, weights,
                kind.hasCharges() ? null : fixedCharges, metadata);
    }

    /**
     * What a model's files depend on among the options: the spec and every setting (no thread count).
     *
     * @param o the options
     * @return the key text
     */
    public static String optionsKey(TrainingOptions o) {
        return o.spec() + " " + o.toMap();
    }

    /**
     * The training metadata {@link BecTrainer} writes for a model of these options trained on {@code frames} frames.
     *
     * @param frames the number of training frames
     * @param rows the number of BEC rows fitted
     * @param o the options
     * @param species the species
     * @param fixedCharges the dipole model's fixed charges per species (e), or null
     * @return the metadata map
     */
    public static Map<String, Object> metadata(int frames, long rows, TrainingOptions o, List<String> species,
            double[] fixedCharges) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("training_frames", frames);
        meta.put("training_rows", rows);
        meta.put("asr_projected", o.projectAsr());
        meta.put("options", o.toMap());
        if (fixedCharges != null) {
            Map<String, Object> fc = new LinkedHashMap<>();
            for (int s = 0; s < species.size(); s++) {
                fc.put(species.get(s), fixedCharges[s]);
            }
            meta.put("fixed_charges", fc);
        }
        return meta;
    }
}
