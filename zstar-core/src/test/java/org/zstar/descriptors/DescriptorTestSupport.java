package org.zstar.descriptors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/** Random test structures and a finite-difference checker of descriptor derivatives. */
final class DescriptorTestSupport {
    private DescriptorTestSupport() {
    }

    /** Random positions in the cell (or a box of the given size) with a minimum distance. */
    static Structure random(long seed, Cell cell, double box, String[] species, int n, double minDist) {
        Random rnd = new Random(seed);
        double[] pos = new double[3 * n];
        String[] sym = new String[n];
        for (int i = 0; i < n; i++) {
            sym[i] = species[i % species.length];
            for (int tries = 0; ; tries++) {
                double[] r;
                if (cell != null) {
                    r = cell.toCartesian(new double[] {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()});
                } else {
                    r = new double[] {box * rnd.nextDouble(), box * rnd.nextDouble(), box * rnd.nextDouble()};
                }
                boolean ok = true;
                for (int j = 0; j < i && ok; j++) {
                    double[] d = {r[0] - pos[3 * j], r[1] - pos[3 * j + 1], r[2] - pos[3 * j + 2]};
                    if (cell != null) {
                        d = cell.minimumImage(d);
                    }
                    ok = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] > minDist * minDist;
                }
                if (ok || tries > 10000) {
                    System.arraycopy(r, 0, pos, 3 * i, 3);
                    break;
                }
            }
        }
        return Structure.builder().symbols(sym).positions(pos).cell(cell).build();
    }

    static Cell triclinic(long seed, double size, boolean[] pbc) {
        Random rnd = new Random(seed);
        double[] lat = new double[9];
        for (int a = 0; a < 3; a++) {
            for (int c = 0; c < 3; c++) {
                lat[3 * a + c] = (a == c ? size : 0) + 0.25 * size * (rnd.nextDouble() - 0.5);
            }
        }
        return new Cell(lat, pbc);
    }

    /** Analytic d X_{i,c} / d r_{k,b} from a descriptor set (accumulated over images). */
    static double[] analyticWrtAtom(DescriptorSet ds, int k, int b) {
        int cc = ds.components;
        double[] out = new double[ds.atoms * cc];
        for (int i = 0; i < ds.atoms; i++) {
            for (int e = ds.offsets[i]; e < ds.offsets[i + 1]; e++) {
                int row = (3 * e + b) * cc;
                double sign = 0;
                if (ds.neighbours[e] == k) {
                    sign += 1;
                }
                if (i == k) {
                    sign -= 1;
                }
                if (sign != 0) {
                    for (int c = 0; c < cc; c++) {
                        out[i * cc + c] += sign * ds.derivatives[row + c];
                    }
                }
            }
        }
        return out;
    }

    static Structure displaced(Structure s, int k, int b, double h) {
        double[] p = s.positions();
        p[3 * k + b] += h;
        return s.toBuilder().positions(p).build();
    }

    /**
     * Central finite differences of the values against the analytic derivatives for components
     * [c0, c1) (a block). Returns the largest relative error (max abs error / max abs analytic).
     */
    static double fdError(AtomicDescriptor d, UnaryOperator<DescriptorSet> post, Structure s, int c0, int c1) {
        double h = 1e-5;
        DescriptorSet ds = post.apply(d.compute(s, true));
        int cc = ds.components;
        double maxErr = 0, maxVal = 0;
        for (int k = 0; k < s.size(); k++) {
            for (int b = 0; b < 3; b++) {
                double[] an = analyticWrtAtom(ds, k, b);
                double[] vp = post.apply(d.compute(displaced(s, k, b, h), false)).values;
                double[] vm = post.apply(d.compute(displaced(s, k, b, -h), false)).values;
                for (int i = 0; i < s.size(); i++) {
                    for (int c = c0; c < c1; c++) {
                        int idx = i * cc + c;
                        double fd = (vp[idx] - vm[idx]) / (2 * h);
                        maxErr = Math.max(maxErr, Math.abs(fd - an[idx]));
                        maxVal = Math.max(maxVal, Math.abs(an[idx]));
                    }
                }
            }
        }
        assertThat(maxVal).as("derivative block is not identically zero").isGreaterThan(1e-8);
        return maxErr / maxVal;
    }

    /**
     * Largest difference, relative to the largest entry gradient, between a reverse-mode contraction and the stored
     * derivative blocks contracted with the same upstream gradients, for {@code outputs} nonlinear functions
     * f_ik = a_k.X + (b_k.X)^2 / 2 + i + k of each centre; also checks the function values and the entry layout.
     */
    static double contractionError(AtomicDescriptor d,
            java.util.function.BiFunction<Structure, CentreFunctions, PairGradients> contract, Structure s, int outputs,
            long seed) {
        int c = d.components();
        java.util.Random rnd = new java.util.Random(seed);
        double[] a = new double[outputs * c];
        double[] b = new double[outputs * c];
        for (int t = 0; t < a.length; t++) {
            a[t] = rnd.nextGaussian();
            b[t] = rnd.nextGaussian();
        }
        CentreFunctions fn = new CentreFunctions() {
            @Override
            public int outputs() {
                return outputs;
            }

            @Override
            public void evaluate(int centre, double[] x, int off, double[] out, double[] grad) {
                for (int k = 0; k < outputs; k++) {
                    double ax = 0, bx = 0;
                    for (int t = 0; t < c; t++) {
                        ax += a[k * c + t] * x[off + t];
                        bx += b[k * c + t] * x[off + t];
                    }
                    for (int t = 0; t < c; t++) {
                        grad[k * c + t] = a[k * c + t] + bx * b[k * c + t];
                    }
                    out[k] = ax + 0.5 * bx * bx + centre + k;
                }
            }
        };
        PairGradients pg = contract.apply(s, fn);
        DescriptorSet ds = d.compute(s, true);
        assertThat(pg.outputs).isEqualTo(outputs);
        assertThat(pg.entries()).isEqualTo(ds.entries());
        assertThat(pg.neighbours).containsExactly(ds.neighbours);
        double max = 0;
        double maxErr = 0;
        double[] g = new double[outputs * c];
        double[] out = new double[outputs];
        for (int i = 0; i < s.size(); i++) {
            fn.evaluate(i, ds.values, i * c, out, g);
            for (int k = 0; k < outputs; k++) {
                assertThat(pg.values[i * outputs + k]).isCloseTo(out[k],
                        org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(out[k]))));
            }
            for (int e = ds.offsets[i]; e < ds.offsets[i + 1]; e++) {
                for (int k = 0; k < outputs; k++) {
                    for (int bb = 0; bb < 3; bb++) {
                        double v = 0;
                        for (int t = 0; t < c; t++) {
                            v += g[k * c + t] * ds.derivatives[(3 * e + bb) * c + t];
                        }
                        max = Math.max(max, Math.abs(v));
                        maxErr = Math.max(maxErr, Math.abs(v - pg.gradients[(e * outputs + k) * 3 + bb]));
                    }
                }
            }
        }
        assertThat(max).isGreaterThan(1e-3);
        return maxErr / max;
    }
}
