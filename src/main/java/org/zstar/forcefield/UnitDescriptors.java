package org.zstar.forcefield;

import org.zstar.descriptors.DescriptorSet;

/**
 * Unit-vector scalar descriptors {@code x = X/|X|} with exact derivatives {@code dx = (I - x x^T) dX / |X|}
 * per neighbour-image row (docs/THEORY.md, "Force field and MD", (FF0)). An atom whose descriptor vanishes
 * keeps zero values and derivatives. Neighbour arrays are shared with the input.
 */
final class UnitDescriptors {
    private UnitDescriptors() {
    }

    /** Raw norms |X_i| of every atom. */
    static double[] norms(DescriptorSet ds) {
        int cc = ds.components;
        double[] out = new double[ds.atoms];
        for (int i = 0; i < ds.atoms; i++) {
            double s = 0;
            for (int c = 0; c < cc; c++) {
                double v = ds.values[i * cc + c];
                s += v * v;
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    static DescriptorSet normalize(DescriptorSet ds) {
        if (ds.rank != 0) {
            throw new IllegalArgumentException("the force field needs an invariant (rank 0) descriptor");
        }
        int cc = ds.components;
        double[] values = new double[ds.values.length];
        double[] der = ds.hasDerivatives() ? new double[ds.derivatives.length] : null;
        for (int i = 0; i < ds.atoms; i++) {
            int base = i * cc;
            double n2 = 0;
            for (int c = 0; c < cc; c++) {
                n2 += ds.values[base + c] * ds.values[base + c];
            }
            if (n2 == 0) {
                continue;
            }
            double inv = 1.0 / Math.sqrt(n2);
            for (int c = 0; c < cc; c++) {
                values[base + c] = ds.values[base + c] * inv;
            }
            if (der == null) {
                continue;
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
        }
        return new DescriptorSet(ds.atoms, cc, 0, values, ds.offsets, ds.neighbours, ds.pairVectors, der);
    }
}
