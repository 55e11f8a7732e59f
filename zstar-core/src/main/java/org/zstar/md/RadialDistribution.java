package org.zstar.md;

import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Partial radial distribution function g_AB(r) of periodic frames, accumulated frame by frame (docs/THEORY.md,
 * "Force field and MD", (MD7)): {@code g_AB(r) = <V n_AB(r)> / ((N_A N_B - N_AB) 4 pi r^2 dr)} over ordered pairs
 * i in A, j in B, j != i, at minimum-image distance, where N_AB is the number of atoms that are both A and B
 * (N_A when A = B, else 0), so an ideal gas gives g = 1. Requires {@code rmax} at most half of the smallest
 * plane spacing of the cell. Bins are centred at {@code (k + 1/2) dr}.
 */
public final class RadialDistribution {
    private final String a;
    private final String b;
    private final double rmax;
    private final double dr;
    private final double[] sum; // sum over frames of V n(r) / (pairs 4 pi r^2 dr)
    private int frames;

    /**
     * An empty histogram of the pair distances between two species.
     *
     * @param speciesA the species of the centres
     * @param speciesB the species of the neighbours (may equal speciesA)
     * @param rmax the largest distance (A)
     * @param bins the number of bins over [0, rmax)
     */
    public RadialDistribution(String speciesA, String speciesB, double rmax, int bins) {
        if (!(rmax > 0) || bins < 1) {
            throw new UserInputException("RDF needs rmax > 0 and at least one bin");
        }
        this.a = speciesA;
        this.b = speciesB;
        this.rmax = rmax;
        this.dr = rmax / bins;
        this.sum = new double[bins];
    }

    /**
     * Adds one periodic frame.
     *
     * @param s the frame, with a cell
     */
    public void add(Structure s) {
        Cell cell = s.cell();
        if (cell == null || !(cell.periodic(0) && cell.periodic(1) && cell.periodic(2))) {
            throw new UserInputException("the RDF needs fully periodic frames");
        }
        for (int k = 0; k < 3; k++) {
            if (rmax > 0.5 * cell.planeSpacing(k) + 1e-12) {
                throw new UserInputException(String.format("RDF range %.3f A exceeds half the plane spacing "
                        + "%.3f A of the cell", rmax, 0.5 * cell.planeSpacing(k)));
            }
        }
        int n = s.size();
        double[] x = s.positionsView();
        int na = 0, nb = 0, nab = 0;
        for (int i = 0; i < n; i++) {
            boolean ia = s.symbol(i).equals(a);
            boolean ib = s.symbol(i).equals(b);
            na += ia ? 1 : 0;
            nb += ib ? 1 : 0;
            nab += ia && ib ? 1 : 0;
        }
        long pairs = (long) na * nb - nab;
        if (pairs <= 0) {
            return;
        }
        double[] hist = new double[sum.length];
        double[] d = new double[3];
        for (int i = 0; i < n; i++) {
            if (!s.symbol(i).equals(a)) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (j == i || !s.symbol(j).equals(b)) {
                    continue;
                }
                for (int k = 0; k < 3; k++) {
                    d[k] = x[3 * j + k] - x[3 * i + k];
                }
                double[] m = cell.minimumImage(d);
                double r = Math.sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]);
                int bin = (int) (r / dr);
                if (bin < hist.length) {
                    hist[bin] += 1;
                }
            }
        }
        double vol = cell.volume();
        for (int k = 0; k < hist.length; k++) {
            double lo = k * dr;
            double hi = lo + dr;
            double shell = 4.0 / 3.0 * Math.PI * (hi * hi * hi - lo * lo * lo);
            sum[k] += vol * hist[k] / (pairs * shell);
        }
        frames++;
    }

    /** {@return the number of frames added} */
    public int frames() {
        return frames;
    }

    /** {@return bin centres (A)} */
    public double[] r() {
        double[] r = new double[sum.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = (k + 0.5) * dr;
        }
        return r;
    }

    /** {@return g(r) averaged over the frames added} */
    public double[] g() {
        double[] g = new double[sum.length];
        for (int k = 0; k < g.length; k++) {
            g[k] = frames == 0 ? 0 : sum[k] / frames;
        }
        return g;
    }

    /**
     * Centre of the bin of the largest g(r) within [from, to] (A).
     *
     * @param from the lower end of the window (A)
     * @param to the upper end of the window (A)
     * @return the distance of the peak (A)
     */
    public double peak(double from, double to) {
        double[] g = g();
        double[] r = r();
        int best = -1;
        for (int k = 0; k < g.length; k++) {
            if (r[k] >= from && r[k] <= to && (best < 0 || g[k] > g[best])) {
                best = k;
            }
        }
        return best < 0 ? Double.NaN : r[best];
    }
}
