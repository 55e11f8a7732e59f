package org.zstar.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.zstar.models.BecModel;
import org.zstar.models.FixedChargeModel;
import org.zstar.models.ModelFiles;

/**
 * A BEC model as it travels to the executors: the bytes of its model file (or a fixed-charge spec), broadcast
 * once; each executor JVM parses it once and shares the (immutable, thread-safe) model between its tasks.
 */
public record BroadcastModel(String name, byte[] modelFile, String charges) implements Serializable {
    private static final Map<String, BecModel> LOADED = new ConcurrentHashMap<>();

    public static BroadcastModel ofFile(Path path) {
        try {
            return new BroadcastModel(path.toString() + "#" + Files.getLastModifiedTime(path).toMillis(),
                    Files.readAllBytes(path), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    public static BroadcastModel ofCharges(String charges) {
        FixedChargeModel.parse(charges); // the user's mistakes show on the driver
        return new BroadcastModel("charges " + charges, null, charges);
    }

    /** The model, parsed once per JVM. */
    public BecModel model() {
        return LOADED.computeIfAbsent(name + "#" + java.util.Arrays.hashCode(modelFile), k -> parse());
    }

    private BecModel parse() {
        if (charges != null) {
            return FixedChargeModel.parse(charges);
        }
        try {
            Path tmp = Files.createTempFile("zstar-model", ".json");
            try {
                Files.write(tmp, modelFile);
                return ModelFiles.load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the model " + name + ": " + e.getMessage(), e);
        }
    }
}
