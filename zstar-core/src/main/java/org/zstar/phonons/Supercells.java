package org.zstar.phonons;

import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/** Diagonal supercells of periodic structures. */
public final class Supercells {
    private Supercells() {
    }

    /**
     * The {@code n1 x n2 x n3} supercell: atom j of image (i1, i2, i3) at {@code r_j + i1 a_1 + i2 a_2 + i3 a_3},
     * image-major (all atoms of image 0 first); per-atom arrays (BECs, ...) are repeated, energy and stress dropped.
     *
     * @param s the cell
     * @param n1 the repeats along a_1
     * @param n2 the repeats along a_2
     * @param n3 the repeats along a_3
     * @return the supercell
     */
    public static Structure replicate(Structure s, int n1, int n2, int n3) {
        if (n1 < 1 || n2 < 1 || n3 < 1) {
            throw new UserInputException("supercell multiples must be >= 1, got " + n1 + "x" + n2 + "x" + n3);
        }
        if (!s.isPeriodic()) {
            throw new UserInputException("a supercell needs a periodic structure");
        }
        int n = s.size();
        int images = n1 * n2 * n3;
        double[] lat = s.cell().lattice();
        double[] r = s.positionsView();
        double[] out = new double[3 * n * images];
        int[] z = new int[n * images];
        int img = 0;
        for (int i1 = 0; i1 < n1; i1++) {
            for (int i2 = 0; i2 < n2; i2++) {
                for (int i3 = 0; i3 < n3; i3++) {
                    for (int j = 0; j < n; j++) {
                        int o = img * n + j;
                        z[o] = s.atomicNumber(j);
                        for (int k = 0; k < 3; k++) {
                            out[3 * o + k] = r[3 * j + k] + i1 * lat[k] + i2 * lat[3 + k] + i3 * lat[6 + k];
                        }
                    }
                    img++;
                }
            }
        }
        double[] big = new double[9];
        int[] mult = {n1, n2, n3};
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                big[3 * i + k] = mult[i] * lat[3 * i + k];
            }
        }
        Structure.Builder b = Structure.builder().atomicNumbers(z).positions(out).cell(new Cell(big, s.cell().pbc()))
                .totalCharge(s.totalCharge() * images).dielectric(s.dielectric());
        for (String name : s.atomArrayNames()) {
            int w = s.atomArrayWidth(name);
            double[] a = s.atomArrayView(name);
            double[] rep = new double[w * n * images];
            for (int i = 0; i < images; i++) {
                System.arraycopy(a, 0, rep, i * w * n, w * n);
            }
            b.atomArray(name, rep);
        }
        return b.build();
    }
}
