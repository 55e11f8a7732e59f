package org.zstar.cli;

import java.nio.file.Path;
import java.util.List;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.io.Format;
import org.zstar.io.ReadOptions;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;

/**
 * Lets zstar spark reuse the option classes of zstar train and zstar dmdt (so that the same options mean the same
 * thing, and give the same model) without widening their package-level accessors: it lives in their package,
 * in the zstar-spark jar.
 */
public final class SparkOptionsBridge {
    private SparkOptionsBridge() {
    }

    public static List<Path> files(DataOptions data) {
        return data.files;
    }

    /**
     * Read options of the training data on the executors. The executors read their frames without the driver's
     * rotational-sum-rule verdict, so {@code --bec-rows auto} reads rows as the field direction (zstar's
     * convention, what every shared periodic data set stores); give {@code --bec-rows displacement} for files that
     * store the transpose (``zstar inspect`` says which).
     */
    public static ReadOptions readOptions(DataOptions data) {
        String rows = data.becRows;
        ReadOptions.Builder b = ReadOptions.builder().becRows(rows == null || rows.trim().equalsIgnoreCase("auto")
                ? org.zstar.io.BecRows.FIELD : org.zstar.io.BecRows.parse(rows));
        if (data.format != null) {
            b.format(Format.parse(data.format));
        }
        return b.build();
    }

    /** Read options of a trajectory: --format and the LAMMPS mixin. */
    public static ReadOptions readOptions(LammpsOptions lammps, String format) {
        return lammps.applyTo(ReadOptions.builder().format(format == null ? null : Format.parse(format))).build();
    }

    public static DescriptorParameters parameters(DescriptorOptions descriptor, List<String> species) {
        return descriptor.parameters(species);
    }

    public static TrainingOptions trainingOptions(ModelOptions model, ModelKind kind, double lambdaW, double lambdaQ) {
        return model.options(kind, lambdaW, lambdaQ);
    }

    /** zstar's exit code and message for an exception: 2 and one line for the user's mistakes, 1 otherwise. */
    public static int handle(Exception ex, picocli.CommandLine cl, boolean debug) {
        return Main.handle(ex, cl, debug);
    }
}
