package org.zstar.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.zstar.util.AtomicFiles;

/**
 * Self-describing, versioned, checksummed files (models, force fields): gzip-compressed JSON whose root
 * object names its {@code format} and {@code version} and carries a SHA-256 {@code checksum} of everything
 * else. Writing is atomic; reading checks format, version and checksum and names the file in every error.
 */
public final class VersionedJsonFiles {
    /**
     * No limit on one string: posterior factors written before they were cut into chunks (issue 17) hold up to
     * 2 M^2 bytes of base64 in one string, beyond Jackson's default limit of 20 M characters.
     */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build()).build());

    private VersionedJsonFiles() {
    }

    /**
     * A new root object with format and version set.
     *
     * @param format the format tag
     * @param version the version
     * @return the root object
     */
    public static ObjectNode newDocument(String format, int version) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        root.put("version", version);
        return root;
    }

    /**
     * Adds the checksum and writes the document gzip-compressed, atomically.
     *
     * @param root the document
     * @param path the destination
     */
    public static void save(ObjectNode root, Path path) {
        root.put("checksum", checksum(root));
        AtomicFiles.write(path, out -> {
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            }
        });
    }

    /**
     * Reads a document and checks it: a readable JSON object of the given format and version whose checksum
     * matches. {@code what} names the kind of file in messages ("model", "force-field").
     *
     * @param path the file
     * @param format the expected format tag
     * @param version the expected version
     * @param what the kind of file, for messages
     * @return the root object
     */
    public static ObjectNode load(Path path, String format, int version, String what) {
        return load(path, format, version, version, what);
    }

    /**
     * As {@link #load(Path, String, int, String)}, accepting any version from {@code minVersion} to
     * {@code maxVersion}; the caller reads {@code version} from the returned root to interpret the content.
     *
     * @param path the file
     * @param format the expected format tag
     * @param minVersion the oldest version accepted
     * @param maxVersion the newest version accepted
     * @param what the kind of file, for messages
     * @return the root object
     */
    public static ObjectNode load(Path path, String format, int minVersion, int maxVersion, String what) {
        JsonNode root;
        try (InputStream in = InputFiles.open(path)) {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new InputFormatException(path, 0, "not a readable zstar " + what + " file (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject() || !format.equals(root.path("format").asText())) {
            String found = root != null && root.isObject() ? root.path("format").asText("") : "";
            throw new InputFormatException(path, 0, "not a zstar " + what + " file (format is "
                    + (found.isEmpty() ? "not '" + format + "'" : "'" + found + "', expected '" + format + "'") + ")");
        }
        int v = root.path("version").asInt(-1);
        if (v < minVersion || v > maxVersion) {
            throw new InputFormatException(path, 0, what + " file version " + v
                    + " is not supported by this zstar (reads version " + (minVersion == maxVersion
                            ? String.valueOf(maxVersion) : "s " + minVersion + "-" + maxVersion) + "): "
                    + (v > maxVersion ? "it was written by a newer zstar; update zstar or retrain it"
                            : "retrain it with this zstar"));
        }
        if (!root.path("checksum").asText("").equals(checksum((ObjectNode) root))) {
            throw new InputFormatException(path, 0, what + " file is corrupt: checksum mismatch");
        }
        return (ObjectNode) root;
    }

    /**
     * The {@code format} of a zstar document, read without the rest of the file (streaming up to the field).
     *
     * @param path a file, gzip-compressed or not
     * @return the format name, or "" when the file is not a JSON object with a top-level {@code format}
     */
    public static String peekFormat(Path path) {
        try (InputStream in = InputFiles.open(path); JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "";
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("format") && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * SHA-256 of the compact JSON of everything but the checksum field.
     *
     * @param root the document
     * @return the checksum, lowercase hex
     */
    public static String checksum(ObjectNode root) {
        ObjectNode copy = root.deepCopy();
        copy.remove("checksum");
        try {
            byte[] bytes = JSON.writeValueAsBytes(copy);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A JSON array of numbers.
     *
     * @param v the values
     * @return the array node
     */
    public static ArrayNode array(double[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    /**
     * The numbers of a JSON array.
     *
     * @param a the array node
     * @return the values
     */
    public static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    /**
     * A JSON tree of a plain value (maps, lists, numbers, strings, arrays).
     *
     * @param value the value
     * @return the tree
     */
    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /**
     * A JSON object as plain Java values (maps, lists, numbers, strings, booleans), in order.
     *
     * @param node the object node
     * @return the map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(JsonNode node) {
        return node == null ? new LinkedHashMap<>() : JSON.convertValue(node, LinkedHashMap.class);
    }
}
