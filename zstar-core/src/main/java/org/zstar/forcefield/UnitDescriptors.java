package org.zstar.forcefield;

import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.Descriptors;

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

    /** Unit descriptors with exact derivatives: {@link Descriptors#normalize} (the same formula). */
    static DescriptorSet normalize(DescriptorSet ds) {
        if (ds.rank != 0) {
            throw new IllegalArgumentException("the force field needs an invariant (rank 0) descriptor");
        }
        return Descriptors.normalize(ds);
    }
}
