package org.zstar.testutil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * A small analytic descriptor with exact derivatives, independent of the production descriptor, so that the
 * model formulas are tested on their own. Radial moments per neighbour species J and width n:
 * {@code g_Jn = sum_j f(r) e^{-a_n r^2}}, {@code mu_Jn = sum_j f(r) e^{-a_n r^2} r_ij} (vectors).
 * Scalar features: g_Jn and mu_Jn . mu_J'n' (unit-normalised when asked). Vector features: mu_Jn and g_Jn mu_J'n'.
 */
public final class ToyDescriptor implements AtomicDescriptor {
    private static final double[] ALPHA = {0.15, 0.4, 0.9};
    private final List<String> species;
    private final double cutoff;
    private final int rank;
    private final boolean normalise;

    public ToyDescriptor(List<String> species, double cutoff, int rank, boolean normalise) {
        this.species = species;
        this.cutoff = cutoff;
        this.rank = rank;
        this.normalise = normalise;
    }

    @SuppressWarnings("unchecked")
    public static ToyDescriptor fromMap(Map<String, Object> m) {
        return new ToyDescriptor((List<String>) m.get("species"), ((Number) m.get("cutoff")).doubleValue(),
                ((Number) m.get("rank")).intValue(), (Boolean) m.get("normalise"));
    }

    private int moments() {
        return species.size() * ALPHA.length;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int components() {
        int k = moments();
        return rank == 0 ? k + k * (k + 1) / 2 : 3 * (k + k * k);
    }

    @Override
    public double cutoff() {
        return cutoff;
    }

    @Override
    public List<String> species() {
        return species;
    }

    @Override
    public Map<String, Object> hyperParameters() {
        return Map.of("type", "toy", "cutoff", cutoff, "rank", rank, "species", species, "normalise", normalise);
    }

    /** Neighbour images of every centre within the cutoff, by brute force over lattice translations. */
    public static List<List<double[]>> neighbours(Structure s, double cutoff) {
        int n = s.size();
        double[] r = s.positionsView();
        Cell cell = s.cell();
        int[] range = new int[3];
        if (cell != null) {
            for (int k = 0; k < 3; k++) {
                range[k] = cell.periodic(k) ? (int) Math.ceil(cutoff / cell.planeSpacing(k)) + 1 : 0;
            }
        }
        List<List<double[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<double[]> list = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                for (int t0 = -range[0]; t0 <= range[0]; t0++) {
                    for (int t1 = -range[1]; t1 <= range[1]; t1++) {
                        for (int t2 = -range[2]; t2 <= range[2]; t2++) {
                            if (i == j && t0 == 0 && t1 == 0 && t2 == 0) {
                                continue;
                            }
                            double[] d = new double[3];
                            for (int a = 0; a < 3; a++) {
                                d[a] = r[3 * j + a] - r[3 * i + a];
                                if (cell != null) {
                                    d[a] += t0 * cell.vector(0, a) + t1 * cell.vector(1, a) + t2 * cell.vector(2, a);
                                }
                            }
                            double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                            if (len < cutoff) {
                                list.add(new double[] {j, d[0], d[1], d[2]});
                            }
                        }
                    }
                }
            }
            out.add(list);
        }
        return out;
    }

    @Override
    public DescriptorSet compute(Structure s, boolean withDerivatives) {
        int n = s.size();
        int k = moments();
        int comp = components();
        List<List<double[]>> nb = neighbours(s, cutoff);
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + nb.get(i).size();
        }
        int entries = offsets[n];
        double[] values = new double[n * comp];
        int[] nbIdx = new int[entries];
        double[] pv = new double[3 * entries];
        double[] der = new double[3 * entries * comp];
        for (int i = 0; i < n; i++) {
            List<double[]> list = nb.get(i);
            int ne = list.size();
            double[] g = new double[k];
            double[] mu = new double[3 * k];
            double[] dg = new double[ne * 3 * k];        // dg[e][b][m]
            double[] dmu = new double[ne * 3 * 3 * k];   // dmu[e][b][a][m]
            for (int e = 0; e < ne; e++) {
                double[] en = list.get(e);
                int j = (int) en[0];
                int js = species.indexOf(s.symbol(j));
                double x = en[1], y = en[2], z = en[3];
                double rr = Math.sqrt(x * x + y * y + z * z);
                double fc = 0.5 * (1 + Math.cos(Math.PI * rr / cutoff));
                double dfc = -0.5 * Math.PI / cutoff * Math.sin(Math.PI * rr / cutoff);
                double[] u = {x, y, z};
                nbIdx[offsets[i] + e] = j;
                pv[3 * (offsets[i] + e)] = x;
                pv[3 * (offsets[i] + e) + 1] = y;
                pv[3 * (offsets[i] + e) + 2] = z;
                for (int a = 0; a < ALPHA.length; a++) {
                    int mIdx = js * ALPHA.length + a;
                    double ex = Math.exp(-ALPHA[a] * rr * rr);
                    double w = fc * ex;
                    double dw = dfc * ex - 2 * ALPHA[a] * rr * fc * ex; // dw/dr
                    g[mIdx] += w;
                    for (int c = 0; c < 3; c++) {
                        mu[3 * mIdx + c] += w * u[c];
                    }
                    for (int b = 0; b < 3; b++) {
                        double dwb = dw * u[b] / rr;
                        dg[(e * 3 + b) * k + mIdx] += dwb;
                        for (int c = 0; c < 3; c++) {
                            dmu[((e * 3 + b) * 3 + c) * k + mIdx] += dwb * u[c] + (b == c ? w : 0.0);
                        }
                    }
                }
            }
            double[] val = new double[comp];
            double[] d = new double[ne * 3 * comp];
            if (rank == 0) {
                for (int m = 0; m < k; m++) {
                    val[m] = g[m];
                    for (int eb = 0; eb < ne * 3; eb++) {
                        d[eb * comp + m] = dg[eb * k + m];
                    }
                }
                int idx = k;
                for (int m1 = 0; m1 < k; m1++) {
                    for (int m2 = m1; m2 < k; m2++, idx++) {
                        for (int c = 0; c < 3; c++) {
                            val[idx] += mu[3 * m1 + c] * mu[3 * m2 + c];
                        }
                        for (int eb = 0; eb < ne * 3; eb++) {
                            double sum = 0;
                            for (int c = 0; c < 3; c++) {
                                sum += dmu[(eb * 3 + c) * k + m1] * mu[3 * m2 + c] + mu[3 * m1 + c] * dmu[(eb * 3 + c) * k + m2];
                            }
                            d[eb * comp + idx] = sum;
                        }
                    }
                }
                if (normalise) {
                    double norm = 0;
                    for (double v : val) {
                        norm += v * v;
                    }
                    norm = Math.sqrt(norm);
                    for (int c = 0; c < comp; c++) {
                        val[c] /= norm;
                    }
                    for (int eb = 0; eb < ne * 3; eb++) {
                        double dot = 0;
                        for (int c = 0; c < comp; c++) {
                            dot += val[c] * d[eb * comp + c];
                        }
                        for (int c = 0; c < comp; c++) {
                            d[eb * comp + c] = (d[eb * comp + c] - val[c] * dot) / norm;
                        }
                    }
                }
            } else {
                int fv = k + k * k;
                for (int c = 0; c < 3; c++) {
                    for (int m = 0; m < k; m++) {
                        val[c * fv + m] = mu[3 * m + c];
                        for (int eb = 0; eb < ne * 3; eb++) {
                            d[eb * comp + c * fv + m] = dmu[(eb * 3 + c) * k + m];
                        }
                    }
                    int idx = k;
                    for (int m1 = 0; m1 < k; m1++) {
                        for (int m2 = 0; m2 < k; m2++, idx++) {
                            val[c * fv + idx] = g[m1] * mu[3 * m2 + c];
                            for (int eb = 0; eb < ne * 3; eb++) {
                                d[eb * comp + c * fv + idx] = dg[eb * k + m1] * mu[3 * m2 + c] + g[m1] * dmu[(eb * 3 + c) * k + m2];
                            }
                        }
                    }
                }
            }
            System.arraycopy(val, 0, values, i * comp, comp);
            System.arraycopy(d, 0, der, 3 * offsets[i] * comp, ne * 3 * comp);
        }
        if (!withDerivatives) {
            return new DescriptorSet(n, comp, rank, values, null, null, null, null);
        }
        return new DescriptorSet(n, comp, rank, values, offsets, nbIdx, pv, der);
    }
}
