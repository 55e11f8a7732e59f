package org.zstar.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.zstar.io.InputFormatException;

/**
 * The {@code posterior} object of a model file (BEC models and force fields): noise variance, effective parameters, observations, the
 * calibration, and the inverse Cholesky factor V as its packed upper triangle (row by row, {@code M (M + 1) / 2}
 * entries), little-endian float32 in base64 strings of {@link #CHUNK_BYTES} bytes each: half the bytes of float64; the rounding (relative 6e-8 per entry)
 * changes the standard deviations by far less than their own sampling error (measured in docs/RESULTS.md).
 */
public final class PosteriorFiles {
    static final String ENCODING = "packed-upper-float32-le-base64-chunks";
    /**
     * Bytes per base64 string (a multiple of 3 and of 4, so chunks decode independently): 4 MiB of text per string,
     * well below the JSON parser's limit on one string (20 M characters).
     */
    static final int CHUNK_BYTES = 3 * (1 << 20);
    /** The same bytes in one base64 string (files of the first version of the posterior). */
    static final String OLD_ENCODING = "packed-upper-float32-le-base64";

    private PosteriorFiles() {
    }

    /**
     * The posterior as the JSON object stored in a model file.
     *
     * @param p the posterior
     * @return the JSON object
     */
    public static ObjectNode toJson(BecPosterior p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("noise_variance", p.noiseVariance());
        o.put("effective_parameters", p.effectiveParameters());
        o.put("observations", p.observations());
        BecPosterior.Calibration c = p.calibration();
        if (c != null) {
            ObjectNode co = o.putObject("calibration");
            co.put("model_variance_scale", c.modelVarianceScale());
            ObjectNode nv = co.putObject("noise_variance");
            for (int s = 0; s < c.species().size(); s++) {
                ObjectNode e = nv.putObject(c.species().get(s));
                e.put("diagonal", c.noiseVariance()[s][0]);
                e.put("off_diagonal", c.noiseVariance()[s][1]);
            }
            ArrayNode fr = co.putArray("held_out_training_frames");
            for (int f : c.frames()) {
                fr.add(f);
            }
            co.put("held_out_nll_before", c.heldOutNllBefore());
            co.put("held_out_nll_after", c.heldOutNllAfter());
        }
        o.put("inverse_factor_encoding", ENCODING);
        byte[] bytes = pack(p.inverseFactorView(), p.columns());
        ArrayNode chunks = o.putArray("inverse_factor");
        for (int from = 0; from < bytes.length; from += CHUNK_BYTES) {
            int to = Math.min(bytes.length, from + CHUNK_BYTES);
            chunks.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, from, to)));
        }
        return o;
    }

    /**
     * Reads the posterior of a model file.
     *
     * @param o the JSON object
     * @param columns the model's number of weights M (the stored factor is M x M)
     * @param species the model's species, whose calibration entries are read
     * @param path the model file, for messages
     * @return the posterior
     */
    public static BecPosterior fromJson(JsonNode o, int columns, List<String> species, Path path) {
        String encoding = o.path("inverse_factor_encoding").asText();
        if (!ENCODING.equals(encoding) && !OLD_ENCODING.equals(encoding)) {
            throw new InputFormatException(path, 0, "unknown posterior encoding '"
                    + o.path("inverse_factor_encoding").asText() + "'");
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        JsonNode factor = o.get("inverse_factor");
        if (factor.isTextual()) {
            bytes.writeBytes(Base64.getDecoder().decode(factor.asText())); // files before the chunks: one string
        }
        for (JsonNode chunk : factor) {
            bytes.writeBytes(Base64.getDecoder().decode(chunk.asText()));
        }
        double[] v = unpack(bytes.toByteArray(), columns, path);
        BecPosterior.Calibration cal = null;
        JsonNode co = o.get("calibration");
        if (co != null) {
            double[][] noise = new double[species.size()][BecPosterior.CLASSES];
            for (int s = 0; s < species.size(); s++) {
                JsonNode e = co.get("noise_variance").get(species.get(s));
                noise[s][0] = e.get("diagonal").asDouble();
                noise[s][1] = e.get("off_diagonal").asDouble();
            }
            List<Integer> fr = new ArrayList<>();
            co.get("held_out_training_frames").forEach(n -> fr.add(n.asInt()));
            cal = new BecPosterior.Calibration(List.copyOf(species), noise, co.get("model_variance_scale").asDouble(),
                    fr.stream().mapToInt(Integer::intValue).toArray(), co.get("held_out_nll_before").asDouble(),
                    co.get("held_out_nll_after").asDouble());
        }
        return new BecPosterior(columns, v, o.get("noise_variance").asDouble(),
                o.get("effective_parameters").asDouble(), o.get("observations").asLong(), cal);
    }

    static byte[] pack(double[] v, int m) {
        ByteBuffer buf = ByteBuffer.allocate((int) (4L * m * (m + 1) / 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                buf.putFloat((float) v[i * m + j]);
            }
        }
        return buf.array();
    }

    static double[] unpack(byte[] bytes, int m, Path path) {
        if (bytes.length != 4L * m * (m + 1) / 2) {
            throw new InputFormatException(path, 0, "posterior factor has " + bytes.length + " bytes, expected "
                    + (4L * m * (m + 1) / 2) + " for " + m + " weights");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                v[i * m + j] = buf.getFloat();
            }
        }
        return v;
    }
}
