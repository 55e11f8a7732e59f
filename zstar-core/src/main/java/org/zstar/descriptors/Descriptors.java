package org.zstar.descriptors;

import java.util.Map;
import java.util.stream.IntStream;
import org.zstar.util.UserInputException;

/** Static helpers: normalisation of scalar descriptors and reconstruction from hyper-parameters. */
public final class Descriptors {
    private Descriptors() {
    }

    /**
     * Rebuilds a descriptor from {@link AtomicDescriptor#hyperParameters()} by its "type"
     * ({@value ScalarDescriptor#TYPE} or {@value VectorDescriptor#TYPE}).
     *
     * @param map hyper-parameters as saved with a model (key "type" plus the {@link DescriptorParameters} keys)
     * @return a descriptor identical to the one that wrote the map
     * @throws UserInputException when the type is missing or unknown, or a parameter is invalid
     */
    public static AtomicDescriptor fromMap(Map<String, ?> map) {
        Object t = map.get("type");
        if (ScalarDescriptor.TYPE.equals(String.valueOf(t))) {
            return ScalarDescriptor.fromMap(map);
        }
        if (VectorDescriptor.TYPE.equals(String.valueOf(t))) {
            return VectorDescriptor.fromMap(map);
        }
        throw new UserInputException("unknown descriptor type '" + t + "'");
    }

    /**
     * Unit-vector descriptor x^ = x/|x| of a rank-0 set, with exact derivatives
     * D^ = (I - x^ x^T) D / |x| per neighbour-image row (THEORY.md, "Descriptors", 3.8). An atom whose
     * descriptor is exactly zero (no neighbour inside the cutoffs) keeps zero values and derivatives. The
     * neighbour arrays are shared with the input set.
     *
     * @param ds a rank-0 set, with or without derivatives
     * @return the normalised set, with derivatives when {@code ds} has them
     * @throws IllegalArgumentException when {@code ds} is not of rank 0
     */
    public static DescriptorSet normalize(DescriptorSet ds) {
        if (ds.rank != 0) {
            throw new IllegalArgumentException("only scalar (rank 0) descriptors are normalised");
        }
        int cc = ds.components;
        double[] values = new double[ds.values.length];
        double[] der = ds.hasDerivatives() ? new double[ds.derivatives.length] : null;
        IntStream.range(0, ds.atoms).parallel().forEach(i -> {
            int base = i * cc;
            double n2 = 0;
            for (int c = 0; c < cc; c++) {
                n2 += ds.values[base + c] * ds.values[base + c];
            }
            if (n2 == 0) {
                return;
            }
            double inv = 1.0 / Math.sqrt(n2);
            for (int c = 0; c < cc; c++) {
                values[base + c] = ds.values[base + c] * inv;
            }
            if (der == null) {
                return;
            }
            for (int e = ds.offsets[i]; e < ds.offsets[i + 1]; e++) {
                for (int b = 0; b < 3; b++) {
                    int row = (3 * e + b) * cc;
                    double dot = 0;
                    for (int c = 0; c < cc; c++) {
                        dot += values[base + c] * ds.derivatives[row + c];
                    }
                    for (int c = 0; c < cc; c++) {
                        der[row + c] = (ds.derivatives[row + c] - values[base + c] * dot) * inv;
                    }
                }
            }
        });
        return new DescriptorSet(ds.atoms, cc, 0, values, ds.offsets, ds.neighbours, ds.pairVectors, der);
    }
}
