package org.zstar.forcefield;

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
import org.zstar.models.UnitDescriptor;
import org.zstar.io.VersionedJsonFiles;

/**
 * Versioned force-field files, the same scheme as {@link org.zstar.models.ModelFiles}: gzip-compressed JSON
 * with format name and version, descriptor hyper-parameters, species, kernel exponent, reference
 * environments, weights, reference energies, training metadata and a SHA-256 checksum of the content. A
 * corrupt, truncated, tampered or incompatible file fails with a message naming the file.
 */
public final class ForceFieldFiles {
    /** The format tag of force-field files. */
    public static final String FORMAT = "zstar-force-field";
    /** The file version this code writes and reads. */
    public static final int VERSION = 1;

    private ForceFieldFiles() {
    }

    /**
     * Writes a force field atomically (temporary file, then move).
     *
     * @param ff the force field
     * @param path the destination
     */
    public static void save(KernelForceField ff, Path path) {
        VersionedJsonFiles.save(toJson(ff), path);
    }

    static ObjectNode toJson(KernelForceField ff) {
        ObjectNode root = VersionedJsonFiles.newDocument(FORMAT, VERSION);
        root.put("zeta", ff.zeta());
        ArrayNode sp = root.putArray("species");
        ff.species().forEach(sp::add);
        root.set("descriptor", VersionedJsonFiles.tree(ff.descriptor().hyperParameters()));
        root.put("features", ff.descriptor().components());
        ArrayNode per = root.putArray("per_species");
        double[] offsets = ff.offsets();
        for (int s = 0; s < ff.species().size(); s++) {
            ObjectNode e = per.addObject();
            e.put("symbol", ff.species().get(s));
            e.put("reference_energy", offsets[s]);
            e.set("references", VersionedJsonFiles.array(ff.references(s)));
            e.set("weights", VersionedJsonFiles.array(ff.weights(s)));
        }
        root.set("training", VersionedJsonFiles.tree(ff.metadata()));
        KernelForceField.Posterior p = ff.posterior();
        if (p != null) {
            // optional (files without it load with no uncertainty): docs/THEORY.md (FFU1)
            ObjectNode po = org.zstar.models.PosteriorFiles.toJson(p.weights());
            po.put("offset_columns", p.offsetColumns());
            po.put("energy_weight", p.energyWeight());
            po.put("force_weight", p.forceWeight());
            root.set("posterior", po);
        }
        return root;
    }

    /**
     * Loads a force-field file written by {@link #save} (descriptors rebuilt from their hyper-parameters).
     *
     * @param path the force-field file
     * @return the force field
     */
    public static KernelForceField load(Path path) {
        return load(path, UnitDescriptor::resolve);
    }

    /**
     * Loads a force field, rebuilding its descriptor with the resolver (hyper-parameter map to descriptor).
     *
     * @param path the force-field file
     * @param descriptors maps the stored descriptor hyper-parameters to a descriptor
     * @return the force field
     */
    public static KernelForceField load(Path path, Function<Map<String, Object>, AtomicDescriptor> descriptors) {
        ObjectNode root = VersionedJsonFiles.load(path, FORMAT, VERSION, "force-field");
        try {
            List<String> species = new ArrayList<>();
            root.get("species").forEach(n -> species.add(n.asText()));
            AtomicDescriptor d = descriptors.apply(VersionedJsonFiles.toMap(root.get("descriptor")));
            if (d.components() != root.get("features").asInt()) {
                throw new InputFormatException(path, 0, "descriptor has " + d.components()
                        + " features, the file says " + root.get("features").asInt());
            }
            int ns = species.size();
            double[][] refs = new double[ns][];
            double[][] w = new double[ns][];
            double[] off = new double[ns];
            JsonNode per = root.get("per_species");
            for (int s = 0; s < ns; s++) {
                JsonNode e = per.get(s);
                if (!species.get(s).equals(e.get("symbol").asText())) {
                    throw new InputFormatException(path, 0, "per-species entries out of order");
                }
                off[s] = e.get("reference_energy").asDouble();
                refs[s] = VersionedJsonFiles.doubles(e.get("references"));
                w[s] = VersionedJsonFiles.doubles(e.get("weights"));
            }
            KernelForceField.Posterior posterior = null;
            JsonNode po = root.get("posterior");
            if (po != null) {
                int m = ForceFieldDesign.columnStarts(refs, d.components())[ns]
                        + (po.get("offset_columns").asBoolean() ? ns : 0);
                posterior = new KernelForceField.Posterior(org.zstar.models.PosteriorFiles.fromJson(po, m, species,
                        path), po.get("offset_columns").asBoolean(), po.get("energy_weight").asDouble(),
                        po.get("force_weight").asDouble());
            }
            return new KernelForceField(d, species, root.get("zeta").asInt(), refs, w, off,
                    VersionedJsonFiles.toMap(root.get("training")), posterior);
        } catch (NullPointerException | IllegalArgumentException e) {
            if (e instanceof InputFormatException ife) {
                throw ife;
            }
            throw new InputFormatException(path, 0, "incomplete or inconsistent force-field file: " + e.getMessage());
        }
    }
}
