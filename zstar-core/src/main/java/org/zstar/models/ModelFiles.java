package org.zstar.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.io.InputFormatException;
import org.zstar.io.VersionedJsonFiles;

/**
 * Versioned, self-describing model files: gzip-compressed JSON holding the format name and version, the
 * model form, every hyper-parameter (descriptors included), the species, the reference environments, the
 * weights, training metadata, and a SHA-256 checksum of the content. A corrupt, truncated, tampered or
 * incompatible file fails with a message naming the file.
 *
 * <p>Versions: 1 has no dipole modulators; 2 adds {@code references.per_species[k].modulators} (unit scalar
 * descriptors of the modulator environments of feature dipoles, docs/THEORY.md (D4)); 3 adds
 * {@code references.per_species[k].modulated_features} (the lambda = 1 features the modulators multiply, (D5);
 * absent = all) and keeps timings out of the file (they belong to the training summary, so that the same data,
 * options and seed give the same bytes for any thread count). All three are read.
 *
 * <p>Any version may carry an optional {@code posterior} ({@link PosteriorFiles}: the weight posterior and its
 * calibration, docs/THEORY.md "Uncertainty"); a file without one loads as a model with no uncertainty, and a
 * reader that does not know the field ignores it.
 */
public final class ModelFiles {
    /** The {@code format} tag of BEC model files. */
    public static final String FORMAT = "zstar-bec-model";
    /** The version this code writes. */
    public static final int VERSION = 3;
    /** The oldest version this code still reads. */
    public static final int OLDEST_VERSION = 1;

    private ModelFiles() {
    }

    /**
     * Writes a model atomically (temporary file, then move).
     *
     * @param model the model
     * @param path the file
     */
    public static void save(KernelBecModel model, Path path) {
        VersionedJsonFiles.save(toJson(model), path);
    }

    static ObjectNode toJson(KernelBecModel model) {
        ObjectNode root = VersionedJsonFiles.newDocument(FORMAT, VERSION);
        BecModelSpec spec = model.spec();
        ObjectNode s = root.putObject("model");
        s.put("kind", spec.kind().label());
        s.put("zeta", spec.zeta());
        s.put("dipole_kernel", spec.dipoleKernel().name().toLowerCase(java.util.Locale.ROOT));
        s.put("dipole_zeta", spec.dipoleZeta());
        s.put("charge_form", spec.chargeForm().name().toLowerCase(java.util.Locale.ROOT));
        s.put("charge_offsets", spec.chargeOffsets());
        s.put("project_asr", spec.projectAsr());
        ArrayNode sp = root.putArray("species");
        model.species().forEach(sp::add);
        ObjectNode d = root.putObject("descriptors");
        if (model.scalarDescriptor() != null) {
            d.set("scalar", VersionedJsonFiles.tree(model.scalarDescriptor().hyperParameters()));
        }
        if (model.vectorDescriptor() != null) {
            d.set("vector", VersionedJsonFiles.tree(model.vectorDescriptor().hyperParameters()));
        }
        ReferenceEnvironments refs = model.references();
        ObjectNode r = root.putObject("references");
        r.put("scalar_features", refs.scalarFeatures);
        r.put("vector_features", refs.vectorFeatures);
        r.put("charge_offsets", refs.chargeOffsets);
        r.put("dipole_features", refs.dipoleFeatures);
        ArrayNode per = r.putArray("per_species");
        for (int k = 0; k < refs.species.size(); k++) {
            ObjectNode e = per.addObject();
            e.put("symbol", refs.species.get(k));
            e.set("scalar", VersionedJsonFiles.array(refs.scalar[k]));
            e.set("vector", VersionedJsonFiles.array(refs.vector[k]));
            e.set("vector_scalar", VersionedJsonFiles.array(refs.vectorScalar[k]));
            e.set("modulators", VersionedJsonFiles.array(refs.modulators[k]));
            if (refs.modulatedFeatures[k] != null) {
                ArrayNode sel = e.putArray("modulated_features");
                for (int f : refs.modulatedFeatures[k]) {
                    sel.add(f);
                }
            }
        }
        root.set("weights", VersionedJsonFiles.array(model.weights()));
        if (model.fixedCharges() != null) {
            root.set("fixed_charges", VersionedJsonFiles.array(model.fixedCharges()));
        }
        root.set("training", VersionedJsonFiles.tree(model.metadata()));
        if (model.posterior() != null) {
            root.set("posterior", PosteriorFiles.toJson(model.posterior()));
        }
        return root;
    }

    /**
     * Loads a model file written by {@link #save}.
     *
     * @param path the file
     * @return the model
     * @throws org.zstar.io.InputFormatException for a corrupt, incompatible or foreign file
     */
    public static KernelBecModel load(Path path) {
        return load(path, UnitDescriptor::resolve);
    }

    /**
     * Loads a model, rebuilding its descriptors with the given resolver (hyper-parameter map to descriptor).
     *
     * @param path the file
     * @param descriptors the resolver, e.g. {@link DescriptorRegistry#fromMap}
     * @return the model
     */
    public static KernelBecModel load(Path path, Function<Map<String, Object>, AtomicDescriptor> descriptors) {
        ObjectNode root = VersionedJsonFiles.load(path, FORMAT, OLDEST_VERSION, VERSION, "model");
        int version = root.get("version").asInt();
        try {
            JsonNode m = root.get("model");
            BecModelSpec spec = new BecModelSpec(ModelKind.parse(m.get("kind").asText()), m.get("zeta").asInt(),
                    BecModelSpec.DipoleKernel.parse(m.get("dipole_kernel").asText()), m.get("dipole_zeta").asInt(),
                    ChargeForm.valueOf(m.get("charge_form").asText().toUpperCase(java.util.Locale.ROOT)),
                    m.get("charge_offsets").asBoolean(), m.get("project_asr").asBoolean());
            List<String> species = new ArrayList<>();
            root.get("species").forEach(n -> species.add(n.asText()));
            JsonNode d = root.get("descriptors");
            AtomicDescriptor scalar = d.has("scalar") ? descriptors.apply(VersionedJsonFiles.toMap(d.get("scalar"))) : null;
            AtomicDescriptor vector = d.has("vector") ? descriptors.apply(VersionedJsonFiles.toMap(d.get("vector"))) : null;
            JsonNode r = root.get("references");
            int ns = species.size();
            double[][] sc = new double[ns][];
            double[][] ve = new double[ns][];
            double[][] vs = new double[ns][];
            double[][] mod = new double[ns][];
            int[][] subsets = new int[ns][];
            JsonNode per = r.get("per_species");
            for (int k = 0; k < ns; k++) {
                JsonNode e = per.get(k);
                if (!species.get(k).equals(e.get("symbol").asText())) {
                    throw new InputFormatException(path, 0, "reference species out of order");
                }
                sc[k] = VersionedJsonFiles.doubles(e.get("scalar"));
                ve[k] = VersionedJsonFiles.doubles(e.get("vector"));
                vs[k] = VersionedJsonFiles.doubles(e.get("vector_scalar"));
                mod[k] = version >= 2 ? VersionedJsonFiles.doubles(e.get("modulators")) : new double[0];
                if (version >= 3 && e.has("modulated_features")) {
                    JsonNode sel = e.get("modulated_features");
                    subsets[k] = new int[sel.size()];
                    for (int q = 0; q < subsets[k].length; q++) {
                        subsets[k][q] = sel.get(q).asInt();
                    }
                }
            }
            ReferenceEnvironments refs = new ReferenceEnvironments(species, sc, r.get("scalar_features").asInt(), ve,
                    vs, r.get("vector_features").asInt(), r.get("charge_offsets").asBoolean(),
                    r.path("dipole_features").asBoolean(false), mod, subsets);
            double[] w = VersionedJsonFiles.doubles(root.get("weights"));
            double[] fixed = root.has("fixed_charges") ? VersionedJsonFiles.doubles(root.get("fixed_charges")) : null;
            Map<String, Object> meta = VersionedJsonFiles.toMap(root.get("training"));
            // optional in every version: a file without it loads with no uncertainty
            BecPosterior posterior = root.has("posterior") ? PosteriorFiles.fromJson(root.get("posterior"), w.length,
                    species, path) : null;
            return new KernelBecModel(spec, scalar, vector, refs, w, fixed, meta, posterior);
        } catch (NullPointerException | IllegalArgumentException e) {
            if (e instanceof InputFormatException ife) {
                throw ife;
            }
            throw new InputFormatException(path, 0, "incomplete or inconsistent model file: " + e.getMessage());
        }
    }
}
