package org.zstar.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.linalg.SymmetricEigen;
import org.zstar.structure.Structure;

/**
 * Error bars of a model on labelled frames with its posterior as stored and in compact forms: the inverse factor
 * rounded to 11 significant bits (float16 precision), and the eigen-decomposition of H^-1 kept to rank k with the
 * mean of the dropped eigenvalues on the rest ({@code h = sum_top lambda_i y_i^2 + tau (|b|^2 - sum_top y_i^2)},
 * {@code y = Q^T b}). For the measurement in docs/RESULTS.md; the tool is {@code tools.PosteriorCompressionCheck}.
 */
public final class PosteriorCompressionProbe {
    private PosteriorCompressionProbe() {
    }

    static double round11(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return x;
        }
        double scale = Math.scalb(1.0, 10 - Math.getExponent(x));
        return Math.rint(x * scale) / scale;
    }

    /** V rounded to signed integers of {@code bits} bits per entry, scaled by the largest |entry| of its row. */
    static double[] rowQuantized(double[] v, int m, int bits) {
        double[] out = new double[v.length];
        double levels = (1 << (bits - 1)) - 1;
        for (int i = 0; i < m; i++) {
            double max = 0;
            for (int j = i; j < m; j++) {
                max = Math.max(max, Math.abs(v[i * m + j]));
            }
            float scale = (float) (max / levels);
            for (int j = i; j < m; j++) {
                out[i * m + j] = scale == 0 ? 0 : Math.rint(v[i * m + j] / scale) * scale;
            }
        }
        return out;
    }

    /** Bytes of the row-quantized triangle after Deflater (level 9), integers little-endian, scales as float32. */
    static long deflatedBytes(double[] v, int m, int bits) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(9);
        double levels = (1 << (bits - 1)) - 1;
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < m; i++) {
            double max = 0;
            for (int j = i; j < m; j++) {
                max = Math.max(max, Math.abs(v[i * m + j]));
            }
            float scale = (float) (max / levels);
            int bitsScale = Float.floatToIntBits(scale);
            for (int b = 0; b < 4; b++) {
                raw.write(bitsScale >>> (8 * b));
            }
            for (int j = i; j < m; j++) {
                long q = scale == 0 ? 0 : Math.round(v[i * m + j] / scale);
                raw.write((int) q);
                if (bits > 8) {
                    raw.write((int) (q >>> 8));
                }
            }
        }
        d.setInput(raw.toByteArray());
        d.finish();
        byte[] buf = new byte[1 << 20];
        long total = 0;
        while (!d.finished()) {
            total += d.deflate(buf);
        }
        return total;
    }

    public static List<String> report(KernelBecModel model, List<Structure> frames, int[] ranks) {
        BecPosterior post = model.posterior();
        DenseBackend be = Backends.get();
        int m = post.columns();
        double[] v = post.inverseFactorView();
        double[] v16 = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            v16[i] = round11(v[i]);
        }
        BecPosterior post16 = new BecPosterior(m, v16, post.noiseVariance(), post.effectiveParameters(),
                post.observations(), post.calibration());
        boolean eigen = ranks.length > 0 && ranks[0] > 0;
        if (!eigen) {
            ranks = new int[0];
        }
        int[] qbits = {16, 8};
        BecPosterior[] postQ = new BecPosterior[qbits.length];
        long[] qBytes = new long[qbits.length];
        for (int t = 0; t < qbits.length; t++) {
            postQ[t] = new BecPosterior(m, rowQuantized(v, m, qbits[t]), post.noiseVariance(),
                    post.effectiveParameters(), post.observations(), post.calibration());
            qBytes[t] = deflatedBytes(v, m, qbits[t]);
        }
        long t0 = System.nanoTime();
        double[] lam = new double[m];
        double[] q = null;
        if (eigen) {
            double[] hinv = new double[m * m];
            be.gemm(false, true, m, m, m, 1.0, v, 0, m, v, 0, m, 0.0, hinv, 0, m); // H^-1 = V V^T
            SymmetricEigen eig = be.symmetricEigen(hinv, m);
            lam = eig.values(); // ascending
            q = eig.vectors();
        }
        double eigSeconds = (System.nanoTime() - t0) * 1e-9;
        double trace = 0;
        for (double l : lam) {
            trace += l;
        }
        int variants = 2 + qbits.length + ranks.length;
        List<List<double[]>> sig = new ArrayList<>();
        for (int k = 0; k < variants; k++) {
            sig.add(new ArrayList<>());
        }
        List<double[]> preds = new ArrayList<>();
        for (Structure s : frames) {
            FrameDesign d = model.blockDesign(s);
            preds.add(d.predict(model.weightsView()).bec());
            int rows = 9 * d.atoms;
            double[] h0 = post.leverages(d.bec, rows, be);
            double[] h16 = post16.leverages(d.bec, rows, be);
            double[] y = new double[eigen ? rows * m : 0];
            if (eigen) {
                be.gemm(false, false, rows, m, m, 1.0, d.bec, 0, m, q, 0, m, 0.0, y, 0, m);
            }
            double[][] hk = new double[ranks.length][rows];
            for (int r = 0; r < rows; r++) {
                double b2 = 0;
                for (int c = 0; c < m; c++) {
                    b2 += d.bec[r * m + c] * d.bec[r * m + c];
                }
                for (int t = 0; t < ranks.length; t++) {
                    int k = ranks[t];
                    double top = 0, topY = 0, topLam = 0;
                    for (int i = m - 1; i >= m - k; i--) {
                        double yi = y[r * m + i];
                        top += lam[i] * yi * yi;
                        topY += yi * yi;
                        topLam += lam[i];
                    }
                    double tau = k < m ? (trace - topLam) / (m - k) : 0;
                    hk[t][r] = top + tau * Math.max(0, b2 - topY);
                }
            }
            List<double[]> hs = new ArrayList<>();
            hs.add(h0);
            hs.add(h16);
            for (BecPosterior pq : postQ) {
                hs.add(pq.leverages(d.bec, rows, be));
            }
            for (double[] h : hk) {
                hs.add(h);
            }
            for (int k = 0; k < variants; k++) {
                double[] sd = new double[rows];
                for (int j = 0; j < d.atoms; j++) {
                    for (int c = 0; c < 9; c++) {
                        sd[9 * j + c] = Math.sqrt(post.predictiveVariance(hs.get(k)[9 * j + c], s.symbol(j), c));
                    }
                }
                sig.get(k).add(sd);
            }
        }
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "M = %d weights, eigen-decomposition of H^-1 %.1f s; eigenvalues of H^-1: "
                + "max %.3g, median %.3g, min %.3g", m, eigSeconds, lam[m - 1], lam[m / 2], lam[0]));
        out.add("variant | file bytes (raw factor) | cov1 | cov2 | NLL | rank corr | mean sigma | median / max rel. "
                + "change of sigma");
        for (int k = 0; k < variants; k++) {
            UncertaintyMetrics u = UncertaintyMetrics.of(frames, preds, sig.get(k), null);
            double[] rel = relativeChanges(sig.get(0), sig.get(k));
            int nq = qbits.length;
            String name = k == 0 ? "float32 triangle (as stored)" : k == 1 ? "11-bit mantissa triangle"
                    : k < 2 + nq ? "row-scaled int" + qbits[k - 2] + " triangle, deflated"
                    : "eigen rank " + ranks[k - 2 - nq];
            long bytes = k == 0 ? 4L * m * (m + 1) / 2 : k == 1 ? 2L * m * (m + 1) / 2
                    : k < 2 + nq ? qBytes[k - 2] : 4L * m * ranks[k - 2 - nq];
            out.add(String.format(Locale.ROOT, "%s | %d | %.4f | %.4f | %.4f | %.4f | %.5f | %.2e / %.2e", name,
                    bytes, u.coverage1Sigma, u.coverage2Sigma, u.meanNll, u.rankCorrelation, u.meanSigma, rel[0],
                    rel[1]));
        }
        return out;
    }

    private static double[] relativeChanges(List<double[]> a, List<double[]> b) {
        List<Double> all = new ArrayList<>();
        for (int f = 0; f < a.size(); f++) {
            for (int i = 0; i < a.get(f).length; i++) {
                all.add(Math.abs(b.get(f)[i] / a.get(f)[i] - 1));
            }
        }
        all.sort(null);
        return new double[] {all.get(all.size() / 2), all.get(all.size() - 1)};
    }
}
