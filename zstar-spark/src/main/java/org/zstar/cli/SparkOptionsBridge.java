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
     * Read options of the training data on the executors. {@code --bec-rows auto} is settled on the driver by the
     * same rotational-sum-rule verdict as {@code zstar train} (DataOptions.read, reported on stderr), so the
     * executors read every file with the convention its data show; files that need different conventions are
     * refused (give --bec-rows, and train them separately).
     */
    public static ReadOptions readOptions(DataOptions data) {
        Format format = data.format == null ? null : Format.parse(data.format);
        java.util.Map<Path, org.zstar.io.BecRows> used = new java.util.LinkedHashMap<>();
        DataOptions.read(data.files, data.becRows, data.forceBecRows, format,
                new java.io.PrintWriter(System.err, true), used, null);
        java.util.Set<org.zstar.io.BecRows> rows = new java.util.HashSet<>(used.values());
        if (rows.size() > 1) {
            throw new UsageException("the --data files store BEC rows in different conventions " + used
                    + "; spark train reads every file with one: give --bec-rows, or train them separately");
        }
        ReadOptions.Builder b = ReadOptions.builder()
                .becRows(rows.isEmpty() ? org.zstar.io.BecRows.FIELD : rows.iterator().next());
        if (format != null) {
            b.format(format);
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
