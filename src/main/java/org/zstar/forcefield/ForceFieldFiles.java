package org.zstar.forcefield;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.io.InputFiles;
import org.zstar.io.InputFormatException;
import org.zstar.models.UnitDescriptor;
import org.zstar.util.AtomicFiles;

/**
 * Versioned force-field files, the same scheme as {@link org.zstar.models.ModelFiles}: gzip-compressed JSON
 * with format name and version, descriptor hyper-parameters, species, kernel exponent, reference
 * environments, weights, reference energies, training metadata and a SHA-256 checksum of the content. A
 * corrupt, truncated, tampered or incompatible file fails with a message naming the file.
 */
public final class ForceFieldFiles {
    public static final String FORMAT = "zstar-force-field";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ForceFieldFiles() {
    }

    /** Writes a force field atomically (temporary file, then move). */
    public static void save(KernelForceField ff, Path path) {
        ObjectNode root = toJson(ff);
        AtomicFiles.write(path, out -> {
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            }
        });
    }

    static ObjectNode toJson(KernelForceField ff) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("zeta", ff.zeta());
        ArrayNode sp = root.putArray("species");
        ff.species().forEach(sp::add);
        root.set("descriptor", JSON.valueToTree(ff.descriptor().hyperParameters()));
        root.put("features", ff.descriptor().components());
        ArrayNode per = root.putArray("per_species");
        double[] offsets = ff.offsets();
        for (int s = 0; s < ff.species().size(); s++) {
            ObjectNode e = per.addObject();
            e.put("symbol", ff.species().get(s));
            e.put("reference_energy", offsets[s]);
            e.set("references", array(ff.references(s)));
            e.set("weights", array(ff.weights(s)));
        }
        root.set("training", JSON.valueToTree(ff.metadata()));
        root.put("checksum", checksum(root));
        return root;
    }

    private static ArrayNode array(double[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    /** SHA-256 of the compact JSON of everything but the checksum field. */
    static String checksum(ObjectNode root) {
        ObjectNode copy = root.deepCopy();
        copy.remove("checksum");
        try {
            byte[] bytes = JSON.writeValueAsBytes(copy);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads a force-field file written by {@link #save} (descriptors rebuilt from their hyper-parameters). */
    public static KernelForceField load(Path path) {
        return load(path, UnitDescriptor::resolve);
    }

    /** Loads a force field, rebuilding its descriptor with the resolver (hyper-parameter map to descriptor). */
    public static KernelForceField load(Path path, Function<Map<String, Object>, AtomicDescriptor> descriptors) {
        JsonNode root;
        try (InputStream in = InputFiles.open(path)) {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new InputFormatException(path, 0, "not a readable zstar force-field file (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new InputFormatException(path, 0, "not a zstar force-field file (format is not '" + FORMAT + "')");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new InputFormatException(path, 0, "force-field file version " + version
                    + " is not supported by this zstar (reads version " + VERSION + ")");
        }
        if (!root.path("checksum").asText("").equals(checksum((ObjectNode) root))) {
            throw new InputFormatException(path, 0, "force-field file is corrupt: checksum mismatch");
        }
        try {
            List<String> species = new ArrayList<>();
            root.get("species").forEach(n -> species.add(n.asText()));
            AtomicDescriptor d = descriptors.apply(toMap(root.get("descriptor")));
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
                refs[s] = doubles(e.get("references"));
                w[s] = doubles(e.get("weights"));
            }
            return new KernelForceField(d, species, root.get("zeta").asInt(), refs, w, off,
                    toMap(root.get("training")));
        } catch (NullPointerException | IllegalArgumentException e) {
            if (e instanceof InputFormatException ife) {
                throw ife;
            }
            throw new InputFormatException(path, 0, "incomplete or inconsistent force-field file: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node) {
        return node == null ? new LinkedHashMap<>() : JSON.convertValue(node, LinkedHashMap.class);
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }
}
