package org.zstar.models;

import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.CentreFunctions;
import org.zstar.descriptors.PairGradients;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.structure.Structure;

/**
 * Predictions of a fitted model by reverse-mode contraction (THEORY.md, "BEC models", "Prediction without the
 * design"): the weights are folded into per-centre upstream gradients, so neither the descriptor derivative
 * blocks nor the 9N x M design are formed. The numbers are those of {@code design(s).predict(w)} (a test checks
 * this to 1e-10 for every model form it supports); it is what MD and the IR route call at every sample.
 * Supported: charges on a unit-normalised {@link ScalarDescriptor} (both charge forms), dipoles linear in a
 * {@link VectorDescriptor} (feature dipoles and the linear lambda = 1 kernel, which is the same map with the
 * effective feature weights {@code u_s = sum_{B,c} w_Bc V_B[c]}). The polynomial dipole kernel and modulated
 * feature dipoles (D4) are not: they go through the design.
 */
final class ContractedPrediction {
    private ContractedPrediction() {
    }

    static boolean supports(BecModelSpec spec, AtomicDescriptor scalar, AtomicDescriptor vector,
            ReferenceEnvironments refs) {
        if (spec.kind().hasCharges()
                && !(scalar instanceof UnitDescriptor u && u.inner() instanceof ScalarDescriptor)) {
            return false;
        }
        if (spec.kind().hasDipoles()) {
            for (int sp = 0; sp < refs.species().size(); sp++) {
                if (refs.modulatorRefs(sp) > 0) {
                    return false; // modulated feature dipoles (D4) are not linear in X: design path
                }
            }
            return vector instanceof VectorDescriptor && (refs.dipoleFeatures() || spec.dipoleScalarPower() == 0);
        }
        return true;
    }

    static BecPrediction predict(Structure s, int[] idx, BecModelSpec spec, AtomicDescriptor scalar,
            AtomicDescriptor vector, ReferenceEnvironments refs, double[] w, double[] fixedCharges) {
        final int n = s.size();
        final double[] r = s.positionsView();
        final double totalCharge = s.totalCharge();
        double[] z = new double[9 * n];
        double[] q = new double[n];
        double[] pol = new double[3];
        if (spec.kind().hasCharges()) {
            ScalarDescriptor raw = (ScalarDescriptor) ((UnitDescriptor) scalar).inner();
            PairGradients pg = raw.contract(s, (i, x, off, grad) -> rawCharge(idx[i], x, off, raw.components(), refs,
                    spec.zeta(), w, grad));
            // (M2) q_i = q~_i - (sum_k q~_k - Q)/N
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += pg.values[i];
            }
            mean = (mean - totalCharge) / n;
            for (int i = 0; i < n; i++) {
                q[i] = pg.values[i] - mean;
            }
            addRedistribution(pg, spec.chargeForm().resolve(s.isPeriodic()), r, n, z);
        } else if (fixedCharges != null) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += fixedCharges[idx[i]];
            }
            for (int i = 0; i < n; i++) {
                q[i] = fixedCharges[idx[i]] - (sum - totalCharge) / n;
            }
        }
        // (M3) q_j I and P = sum q_j r_j
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                z[9 * j + 4 * a] += q[j];
                pol[a] += q[j] * r[3 * j + a];
            }
        }
        double[] dipoles = null;
        double[] dip = new double[9 * n];
        if (spec.kind().hasDipoles()) {
            dipoles = new double[3 * n];
            addDipoles(s, idx, (VectorDescriptor) vector, refs, w, n, dipoles, dip);
            for (int k = 0; k < 9 * n; k++) {
                z[k] += dip[k];
            }
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    pol[a] += dipoles[3 * i + a];
                }
            }
        }
        if (spec.projectAsr()) {
            // (M5) Z_j <- Z_j - (sum_k Z_k - Q I)/N
            for (int k = 0; k < 9; k++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += z[9 * j + k];
                }
                double shift = (sum - (k % 4 == 0 ? totalCharge : 0.0)) / n;
                for (int j = 0; j < n; j++) {
                    z[9 * j + k] -= shift;
                }
            }
        }
        double[] mono = new double[9 * n];
        double[] redis = new double[9 * n];
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                mono[9 * j + 4 * a] = q[j];
            }
            for (int k = 0; k < 9; k++) {
                redis[9 * j + k] = z[9 * j + k] - mono[9 * j + k] - dip[9 * j + k];
            }
        }
        return new BecPrediction(q, dipoles, z, mono, redis, dip, pol);
    }

    /**
     * (M1) raw charge q~_i = sum_B w_B (x_i . x_B)^zeta [+ offset_s] of a raw descriptor X at x[off ..], and
     * dq~_i/dX = (h - x^ (x^ . h))/|X| with h = sum_B w_B zeta (x^ . x_B)^(zeta-1) x_B.
     */
    private static double rawCharge(int sp, double[] x, int off, int f, ReferenceEnvironments refs, int zeta,
            double[] w, double[] grad) {
        java.util.Arrays.fill(grad, 0, f, 0.0);
        double value = refs.offsetColumn(sp) >= 0 ? w[refs.offsetColumn(sp)] : 0.0;
        int mq = refs.chargeRefs(sp);
        double norm = 0;
        for (int t = 0; t < f; t++) {
            norm += x[off + t] * x[off + t];
        }
        norm = Math.sqrt(norm);
        if (mq == 0 || !(norm > 0)) {
            return value;
        }
        double inv = 1.0 / norm;
        double[] ref = refs.scalar[sp];
        int c0 = refs.chargeColumn(sp);
        for (int b = 0; b < mq; b++) {
            int ro = b * f;
            double dot = 0;
            for (int t = 0; t < f; t++) {
                dot += x[off + t] * ref[ro + t];
            }
            dot *= inv;
            double pm1 = Math.pow(dot, zeta - 1);
            value += w[c0 + b] * pm1 * dot;
            double coef = w[c0 + b] * zeta * pm1;
            for (int t = 0; t < f; t++) {
                grad[t] += coef * ref[ro + t];
            }
        }
        double xh = 0;
        for (int t = 0; t < f; t++) {
            xh += x[off + t] * grad[t];
        }
        xh *= inv;
        for (int t = 0; t < f; t++) {
            grad[t] = (grad[t] - x[off + t] * inv * xh) * inv;
        }
        return value;
    }

    /**
     * (M4) with g_e = dq~_i/dr_e: local form {@code Z_j -= r_e (x) g_e}; exact form
     * {@code Z_j += (r_i - rbar) (x) g_e, Z_i -= (r_i - rbar) (x) g_e}.
     */
    private static void addRedistribution(PairGradients pg, ChargeForm form, double[] r, int n, double[] z) {
        double[] centre = new double[3];
        if (form == ChargeForm.EXACT) {
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    centre[a] += r[3 * i + a] / n;
                }
            }
        }
        double[] v = new double[3];
        for (int i = 0; i < n; i++) {
            for (int e = pg.offsets[i]; e < pg.offsets[i + 1]; e++) {
                int j = pg.neighbours[e];
                for (int a = 0; a < 3; a++) {
                    v[a] = form == ChargeForm.LOCAL ? -pg.pairVectors[3 * e + a] : r[3 * i + a] - centre[a];
                }
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        double term = v[a] * pg.gradients[3 * e + b];
                        z[9 * j + 3 * a + b] += term;
                        if (form == ChargeForm.EXACT) {
                            z[9 * i + 3 * a + b] -= term;
                        }
                    }
                }
            }
        }
    }

    /**
     * (D1, D3) p_i,a = X_i[a] . u_s with u_s the feature weights (feature dipoles) or {@code sum_{B,c} w_Bc V_B[c]}
     * (linear kernel); (D2) {@code Z_j += dp_i/dr_e} on the neighbour and {@code -=} on the centre.
     */
    private static void addDipoles(Structure s, int[] idx, VectorDescriptor vector, ReferenceEnvironments refs,
            double[] w, int n, double[] dipoles, double[] dip) {
        int fv = vector.features();
        int ns = refs.species().size();
        double[][] u = new double[ns][fv];
        for (int sp = 0; sp < ns; sp++) {
            int c0 = refs.dipoleColumn(sp);
            if (refs.dipoleFeatures()) {
                System.arraycopy(w, c0, u[sp], 0, fv);
            } else {
                int cols = 3 * refs.dipoleRefs(sp);
                for (int col = 0; col < cols; col++) {
                    double wc = w[c0 + col];
                    for (int f = 0; f < fv; f++) {
                        u[sp][f] += wc * refs.vector[sp][col * fv + f];
                    }
                }
            }
        }
        PairGradients pg = vector.contract(s, new CentreFunctions() {
            @Override
            public int outputs() {
                return 3;
            }

            @Override
            public void evaluate(int centre, double[] x, int off, double[] out, double[] grad) {
                double[] us = u[idx[centre]];
                java.util.Arrays.fill(grad, 0, 9 * fv, 0.0);
                for (int a = 0; a < 3; a++) {
                    double p = 0;
                    for (int f = 0; f < fv; f++) {
                        p += x[off + a * fv + f] * us[f];
                    }
                    out[a] = p;
                    // output a depends on row a only: gradient block a, row a = u_s
                    System.arraycopy(us, 0, grad, a * 3 * fv + a * fv, fv);
                }
            }
        });
        System.arraycopy(pg.values, 0, dipoles, 0, 3 * n);
        for (int i = 0; i < n; i++) {
            for (int e = pg.offsets[i]; e < pg.offsets[i + 1]; e++) {
                int j = pg.neighbours[e];
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        double d = pg.gradients[(e * 3 + a) * 3 + b];
                        dip[9 * j + 3 * a + b] += d;
                        dip[9 * i + 3 * a + b] -= d;
                    }
                }
            }
        }
    }
}
