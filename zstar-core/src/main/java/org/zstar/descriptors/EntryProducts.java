package org.zstar.descriptors;

import org.zstar.linalg.DenseBackend;
import org.zstar.neighbors.NeighborList;

/**
 * The entry step of the training-design streams (THEORY.md 3.13) shared by {@link ScalarDescriptor} and
 * {@link VectorDescriptor}: per neighbour species, the dense d c/d r_e rows of a centre's entries (three-body, then
 * two-body; zero outside a cutoff) times the pulled-back H of that species, one GEMM per species. Keeps its scratch
 * between centres.
 */
final class EntryProducts {
    private double[] rows = new double[0];
    private double[] prod = new double[0];
    private double[] d = new double[0];
    private int[] order = new int[0];

    /**
     * {@code d[(q 3 + b) width + c] = sum_k D_{q,b}[k] H_sp[k][c]} for the entries q of one centre, sp the species
     * of entry q's neighbour.
     *
     * @param w3 the three-body work of the centre (dense rows of {@code kd3} numbers per entry and direction)
     * @param kd3 three-body rows of H (0: none)
     * @param w2 the two-body work of the centre (dense rows of {@code b2} numbers)
     * @param b2 two-body rows of H
     * @param e0 the centre's first entry in nl
     * @param ne its number of entries
     * @param spec species index of every atom
     * @param species number of species
     * @param h per neighbour species H, {@code (kd3 + b2) x width} row-major
     * @param width columns of H
     * @return d (reused by the next call)
     */
    double[] multiply(DensityExpansion.Work w3, int kd3, DensityExpansion.Work w2, int b2, int e0, int ne,
            NeighborList nl, int[] spec, int species, double[][] h, int width, DenseBackend la) {
        int kd = kd3 + b2;
        if (d.length < 3 * ne * width) {
            d = new double[3 * ne * width];
            prod = new double[3 * ne * width];
        }
        if (rows.length < 3 * ne * kd) {
            rows = new double[3 * ne * kd];
            order = new int[ne];
        }
        for (int sp = 0; sp < species; sp++) {
            int nq = gather(w3, kd3, w2, b2, e0, ne, nl, spec, sp);
            if (nq == 0) {
                continue;
            }
            la.gemm(false, false, 3 * nq, width, kd, 1.0, rows, 0, kd, h[sp], 0, width, 0.0, prod, 0, width);
            for (int k = 0; k < nq; k++) {
                System.arraycopy(prod, 3 * k * width, d, 3 * order[k] * width, 3 * width);
            }
        }
        return d;
    }

    /** The rows of the entries of neighbour species sp into rows, their local indices into order; how many. */
    private int gather(DensityExpansion.Work w3, int kd3, DensityExpansion.Work w2, int b2, int e0, int ne,
            NeighborList nl, int[] spec, int sp) {
        int kd = kd3 + b2;
        int nq = 0;
        for (int q = 0; q < ne; q++) {
            if (spec[nl.neighbours[e0 + q]] != sp) {
                continue;
            }
            for (int b = 0; b < 3; b++) {
                int dst = (3 * nq + b) * kd;
                if (kd3 > 0 && w3.inside[q]) {
                    System.arraycopy(w3.dc, (q * 3 + b) * kd3, rows, dst, kd3);
                } else {
                    java.util.Arrays.fill(rows, dst, dst + kd3, 0.0);
                }
                if (w2.inside[q]) {
                    System.arraycopy(w2.dc, (q * 3 + b) * b2, rows, dst + kd3, b2);
                } else {
                    java.util.Arrays.fill(rows, dst + kd3, dst + kd, 0.0);
                }
            }
            order[nq++] = q;
        }
        return nq;
    }
}
