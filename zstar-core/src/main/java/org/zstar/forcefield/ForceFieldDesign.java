package org.zstar.forcefield;

import org.zstar.descriptors.DescriptorSet;
import org.zstar.kernels.PolynomialKernel;
import org.zstar.structure.Structure;

/**
 * Linear map from the kernel weights (columns: species blocks of m_s references, in species order, then,
 * when asked, one reference-energy column per species) to the energy, forces and stress of one frame
 * (docs/THEORY.md, "Force field and MD", (FF1)-(FF3)):
 * {@code energy[B] = sum_i K(i,B)}, {@code forces[(3j+b) m + B] = -dE/dr_{j,b}} per unit weight,
 * {@code stress[(3a+b) m + B] = (1/V) sum_e g_e,a (r_e)_b} (null for a frame without periodic axes); a
 * reference-energy column s has {@code energy = n_s} and no force or stress entries.
 */
final class ForceFieldDesign {
    final int atoms;
    final int columns;
    final double[] energy;
    final double[] forces;
    final double[] stress;
    /** Atoms of each species. */
    final int[] counts;

    private ForceFieldDesign(int atoms, int columns, double[] energy, double[] forces, double[] stress, int[] counts) {
        this.atoms = atoms;
        this.columns = columns;
        this.energy = energy;
        this.forces = forces;
        this.stress = stress;
        this.counts = counts;
    }

    static int[] columnStarts(double[][] refs, int features) {
        int[] start = new int[refs.length + 1];
        for (int s = 0; s < refs.length; s++) {
            start[s + 1] = start[s] + refs[s].length / features;
        }
        return start;
    }

    static ForceFieldDesign build(Structure structure, int[] speciesIndex, DescriptorSet unit, double[][] refs,
            int zeta) {
        return build(structure, speciesIndex, unit, refs, zeta, false);
    }

    static ForceFieldDesign build(Structure structure, int[] speciesIndex, DescriptorSet unit, double[][] refs,
            int zeta, boolean offsetColumns) {
        int n = structure.size();
        int f = unit.components;
        int[] start = columnStarts(refs, f);
        int m = start[refs.length] + (offsetColumns ? refs.length : 0);
        double[] energy = new double[m];
        double[] forces = new double[3 * n * m];
        boolean periodic = structure.isPeriodic();
        double[] vir = periodic ? new double[9 * m] : null;
        int[] counts = new int[refs.length];
        double[] dots = new double[0];
        double[] kz = new double[0];
        double[] g = new double[0];
        for (int i = 0; i < n; i++) {
            int s = speciesIndex[i];
            counts[s]++;
            if (offsetColumns) {
                energy[start[refs.length] + s] += 1;
            }
            int ms = start[s + 1] - start[s];
            int c0 = start[s];
            if (ms == 0) {
                continue;
            }
            if (dots.length < ms) {
                dots = new double[ms];
                kz = new double[ms];
            }
            PolynomialKernel.values(unit, i, refs[s], ms, zeta, dots, kz);
            for (int b = 0; b < ms; b++) {
                energy[c0 + b] += kz[b];
            }
            int ne = PolynomialKernel.entries(unit, i);
            if (ne == 0) {
                continue;
            }
            if (g.length < 3 * ne * ms) {
                g = new double[3 * ne * ms];
            }
            PolynomialKernel.gradients(unit, i, refs[s], ms, zeta, dots, g);
            int e0 = unit.offsets[i];
            for (int e = 0; e < ne; e++) {
                int j = unit.neighbours[e0 + e];
                for (int bb = 0; bb < 3; bb++) {
                    int go = (3 * e + bb) * ms;
                    int rowJ = (3 * j + bb) * m + c0;
                    int rowI = (3 * i + bb) * m + c0;
                    for (int b = 0; b < ms; b++) {
                        forces[rowJ + b] -= g[go + b];
                        forces[rowI + b] += g[go + b];
                    }
                    if (vir != null) {
                        for (int k = 0; k < 3; k++) {
                            double rk = unit.pairVectors[3 * (e0 + e) + k];
                            int row = (3 * bb + k) * m + c0;
                            for (int b = 0; b < ms; b++) {
                                vir[row + b] += g[go + b] * rk;
                            }
                        }
                    }
                }
            }
        }
        if (vir != null) {
            double inv = 1.0 / structure.cell().volume();
            for (int k = 0; k < vir.length; k++) {
                vir[k] *= inv;
            }
        }
        return new ForceFieldDesign(n, m, energy, forces, vir, counts);
    }
}
