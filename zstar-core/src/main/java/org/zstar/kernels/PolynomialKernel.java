package org.zstar.kernels;

import org.zstar.descriptors.DescriptorSet;

/**
 * The polynomial kernel {@code K(i,B) = (x_i . x_B)^zeta} between unit descriptors of atom i and of the
 * reference environments B of its species, with its position gradients per neighbour image:
 * {@code dK(i,B)/d(r_e)_b = zeta (x_i . x_B)^(zeta-1) x_B . dx_i/d(r_e)_b} (docs/THEORY.md, "Kernels").
 * Shared by every model that is a kernel sum over atoms (charges, energies).
 */
public final class PolynomialKernel {
    private PolynomialKernel() {
    }

    /**
     * Dot products {@code k_B = x_i . x_B} for the m references (row-major m x f) into {@code dots}, and kernel
     * values {@code k_B^zeta} into {@code values} (either may be null).
     *
     * @param unit unit-normalised invariant descriptors of the frame (THEORY.md 3.8), rank 0
     * @param atom the centre i
     * @param refs unit descriptors of the m references of the centre's species, {@code refs[B * f + t]} with f =
     *     {@code unit.components}
     * @param m number of references
     * @param zeta kernel exponent (default 4)
     * @param dots output, {@code x_i . x_B} at {@code dots[B]}, or null
     * @param values output, {@code (x_i . x_B)^zeta} at {@code values[B]}, or null
     */
    public static void values(DescriptorSet unit, int atom, double[] refs, int m, int zeta, double[] dots,
            double[] values) {
        int f = unit.components;
        int off = atom * f;
        for (int b = 0; b < m; b++) {
            double dot = 0;
            int ro = b * f;
            for (int t = 0; t < f; t++) {
                dot += unit.values[off + t] * refs[ro + t];
            }
            if (dots != null) {
                dots[b] = dot;
            }
            if (values != null) {
                values[b] = Math.pow(dot, zeta);
            }
        }
    }

    /**
     * Gradients of the m kernel values of centre {@code atom} with respect to each of its neighbour images:
     * {@code grad[(3e + b) * m + B] = dK(atom,B)/d(r_e)_b} for the centre's entries e = 0..ne-1 (local index).
     * {@code dots} are the x_i . x_B from {@link #values}. Returns the number of entries; grad must hold
     * {@code 3 * ne * m} numbers (see {@link #entries}).
     *
     * @param unit unit-normalised invariant descriptors of the frame, with derivatives
     * @param atom the centre i
     * @param refs unit descriptors of the references, {@code refs[B * f + t]} as for {@link #values}
     * @param m number of references
     * @param zeta kernel exponent
     * @param dots {@code x_i . x_B} at {@code dots[B]}, from {@link #values}
     * @param grad output, {@code dK(i,B)/d(r_e)_b} (per Angstrom) at {@code [(3e + b) * m + B]}, e local to the
     *     centre; untouched when the centre has no entries or m = 0
     * @return ne, the number of neighbour-image entries of the centre
     */
    public static int gradients(DescriptorSet unit, int atom, double[] refs, int m, int zeta, double[] dots,
            double[] grad) {
        int f = unit.components;
        int e0 = unit.offsets[atom];
        int ne = unit.offsets[atom + 1] - e0;
        if (ne == 0 || m == 0) {
            return ne;
        }
        // one GEMM per centre: (3 ne x f) derivative block times refs^T (f x m)
        Gemm.multiplyTransposed(unit.derivatives, 3 * e0 * f, 3 * ne, f, refs, m, grad);
        for (int b = 0; b < m; b++) {
            double factor = zeta * Math.pow(dots[b], zeta - 1);
            for (int row = 0; row < 3 * ne; row++) {
                grad[row * m + b] *= factor;
            }
        }
        return ne;
    }

    /**
     * The number of neighbour-image entries of a centre, to size the gradient array of {@link #gradients}.
     *
     * @param set a descriptor set with derivatives
     * @param atom the centre
     * @return {@code offsets[atom + 1] - offsets[atom]}
     */
    public static int entries(DescriptorSet set, int atom) {
        return set.offsets[atom + 1] - set.offsets[atom];
    }
}
