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

    public static ReadOptions readOptions(DataOptions data) {
        return data.readOptions();
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
