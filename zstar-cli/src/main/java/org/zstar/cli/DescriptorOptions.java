package org.zstar.cli;

import java.util.List;
import org.zstar.descriptors.DescriptorParameters;
import picocli.CommandLine.Option;

/** Descriptor hyper-parameters (VASP MLFF-like defaults), saved with every model. */
public final class DescriptorOptions {
    /** Options of a command (a picocli mixin or group); picocli sets them. */
    public DescriptorOptions() {
    }

    @Option(names = "--r2", paramLabel = "A", defaultValue = "6.0", description = "Two-body cutoff (default: ${DEFAULT-VALUE} A).")
    double r2;

    @Option(names = "--r3", paramLabel = "A", description = "Three-body cutoff (default: "
            + org.zstar.models.TrainingDefaults.R3_TEXT + " A for BEC models, 5.0 A for force fields).")
    Double r3;

    @Option(names = "--sigma", paramLabel = "A", defaultValue = "0.5", description = "Gaussian width of the neighbour density (default: ${DEFAULT-VALUE} A).")
    double sigma;

    @Option(names = "--n2", defaultValue = "12", description = "Radial basis size of the two-body part (default: ${DEFAULT-VALUE}).")
    int n2;

    @Option(names = "--n3", defaultValue = "8", description = "Radial basis size of the three-body part (default: ${DEFAULT-VALUE}).")
    int n3;

    @Option(names = "--lmax", defaultValue = "4", description = "Largest angular momentum of the three-body part (default: ${DEFAULT-VALUE}).")
    int lmax;

    @Option(names = "--beta", defaultValue = "0.1", description = "Weight of the two-body block, X = [sqrt(beta) X2; sqrt(1-beta) X3] (default: ${DEFAULT-VALUE}).")
    double beta;

    /** Parameters of a BEC model's descriptors (three-body cutoff {@link org.zstar.models.TrainingDefaults#R3}). */
    DescriptorParameters parameters(List<String> species) {
        return parameters(species, org.zstar.models.TrainingDefaults.R3);
    }

    /** Parameters with the given three-body cutoff unless --r3 was given. */
    DescriptorParameters parameters(List<String> species, double defaultR3) {
        return new DescriptorParameters(species, r2, r3 == null ? defaultR3 : r3, sigma, n2, n3, lmax, beta,
                DescriptorParameters.DEFAULT_GRID_STEP);
    }
}
