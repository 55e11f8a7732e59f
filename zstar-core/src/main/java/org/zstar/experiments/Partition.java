package org.zstar.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Structure;

/**
 * Charge partitioning of predicted BECs, per species: {@code Z_j = q_j I + R_j + D_j} (monopole, charge
 * redistribution, dipole part). For each term T: the mean and spread of its isotropic part tr(T)/3 and of the
 * Frobenius norm of its anisotropic part {@code T - tr(T)/3 I}; and the share of the BEC's isotropic and
 * anisotropic parts it carries, by projection:
 * {@code share_iso(T) = sum_j iso(T_j) iso(Z_j) / sum_j iso(Z_j)^2},
 * {@code share_aniso(T) = sum_j <A(T_j), A(Z_j)>_F / sum_j |A(Z_j)|_F^2}, sums over the atoms of the species.
 * Both are linear in T, so the shares of the three terms add up to 1 exactly. docs/THEORY.md, "Experiments".
 */
public final class Partition {
    private Partition() {
    }

    /**
     * Mean and population standard deviation over the atoms of a species.
     *
     * @param mean the mean
     * @param std the population standard deviation
     */
    public record MeanStd(double mean, double std) {
        static MeanStd of(List<Double> v) {
            double s = 0, s2 = 0;
            for (double x : v) {
                s += x;
                s2 += x * x;
            }
            return new MeanStd(v.isEmpty() ? Double.NaN : s / v.size(), Stats.populationStd(s, s2, v.size()));
        }
    }

    /**
     * One species. Terms are indexed 0 = monopole, 1 = redistribution, 2 = dipole.
     *
     * @param species the species symbol
     * @param atoms the number of its atoms over all frames
     * @param charge its predicted charge q (e)
     * @param dipoleNorm the norm of its predicted atomic dipole (e A)
     * @param termIso per term, the isotropic part tr(T)/3 (e)
     * @param termAniso per term, the Frobenius norm of the anisotropic part (e)
     * @param modelIso the isotropic part of the predicted BEC (e)
     * @param modelAniso the anisotropic norm of the predicted BEC (e)
     * @param dftIso the isotropic part of the DFT BEC (e; NaN without references)
     * @param dftAniso the anisotropic norm of the DFT BEC (e; NaN without references)
     * @param nominal the nominal charge of the element (e), or null
     * @param isoShare per term, its share of the predicted isotropic part
     * @param anisoShare per term, its share of the predicted anisotropic part
     */
    public record Row(String species, int atoms, MeanStd charge, MeanStd dipoleNorm, MeanStd[] termIso,
            MeanStd[] termAniso, MeanStd modelIso, MeanStd modelAniso, MeanStd dftIso, MeanStd dftAniso,
            Double nominal, double[] isoShare, double[] anisoShare) {
    }

    /** The three terms of a partition, in column order. */
    public static final String[] TERMS = {"monopole", "redistribution", "dipole"};

    /** tr(T)/3 of the 3x3 tensor at offset 9j. */
    static double iso(double[] t, int j) {
        return (t[9 * j] + t[9 * j + 4] + t[9 * j + 8]) / 3.0;
    }

    /** The anisotropic part {@code T - tr(T)/3 I} of the tensor at offset 9j. */
    static double[] aniso(double[] t, int j) {
        double[] a = new double[9];
        double i = iso(t, j);
        for (int k = 0; k < 9; k++) {
            a[k] = t[9 * j + k] - (k % 4 == 0 ? i : 0.0);
        }
        return a;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /**
     * Partitions the predictions of a model over frames (same order). The DFT columns use the frames' BECs
     * when present (NaN otherwise). Species in order of first appearance, sorted by the given order if any.
     *
     * @param frames the frames, with reference BECs where known
     * @param predictions the model's predictions, one per frame
     * @param speciesOrder the species order of the rows (null: order of first appearance)
     * @return one row per frame and species
     */
    public static List<Row> of(List<Structure> frames, List<BecPrediction> predictions, List<String> speciesOrder) {
        Map<String, Acc> acc = new LinkedHashMap<>();
        for (String s : speciesOrder) {
            acc.put(s, new Acc());
        }
        for (int f = 0; f < frames.size(); f++) {
            Structure s = frames.get(f);
            BecPrediction p = predictions.get(f);
            double[] dft = s.hasBec() ? s.atomArrayView(Structure.BEC) : null;
            double[][] terms = {p.monopole(), p.redistribution(), p.dipolePart()};
            for (int j = 0; j < s.size(); j++) {
                Acc a = acc.computeIfAbsent(s.symbol(j), k -> new Acc());
                a.atoms++;
                a.q.add(p.charges() == null ? Double.NaN : p.charges()[j]);
                if (p.dipoles() != null) {
                    double x = p.dipoles()[3 * j], y = p.dipoles()[3 * j + 1], z = p.dipoles()[3 * j + 2];
                    a.p.add(Math.sqrt(x * x + y * y + z * z));
                } else {
                    a.p.add(0.0);
                }
                double zi = iso(p.bec(), j);
                double[] za = aniso(p.bec(), j);
                a.modelIso.add(zi);
                a.modelAniso.add(Math.sqrt(dot(za, za)));
                a.zIso2 += zi * zi;
                a.zAniso2 += dot(za, za);
                for (int t = 0; t < 3; t++) {
                    double ti = iso(terms[t], j);
                    double[] ta = aniso(terms[t], j);
                    a.termIso[t].add(ti);
                    a.termAniso[t].add(Math.sqrt(dot(ta, ta)));
                    a.isoProj[t] += ti * zi; // iso(T) iso(Z)
                    a.anisoProj[t] += dot(ta, za); // <A(T), A(Z)>_F
                }
                if (dft != null) {
                    double[] da = aniso(dft, j);
                    a.dftIso.add(iso(dft, j));
                    a.dftAniso.add(Math.sqrt(dot(da, da)));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Acc> e : acc.entrySet()) {
            Acc a = e.getValue();
            if (a.atoms == 0) {
                continue;
            }
            MeanStd[] ti = new MeanStd[3];
            MeanStd[] ta = new MeanStd[3];
            double[] is = new double[3];
            double[] as = new double[3];
            for (int t = 0; t < 3; t++) {
                ti[t] = MeanStd.of(a.termIso[t]);
                ta[t] = MeanStd.of(a.termAniso[t]);
                is[t] = a.zIso2 > 0 ? a.isoProj[t] / a.zIso2 : Double.NaN;
                as[t] = a.zAniso2 > 0 ? a.anisoProj[t] / a.zAniso2 : Double.NaN;
            }
            rows.add(new Row(e.getKey(), a.atoms, MeanStd.of(a.q), MeanStd.of(a.p), ti, ta, MeanStd.of(a.modelIso),
                    MeanStd.of(a.modelAniso), MeanStd.of(a.dftIso), MeanStd.of(a.dftAniso),
                    NominalCharges.of(e.getKey()), is, as));
        }
        return rows;
    }

    private static final class Acc {
        int atoms;
        final List<Double> q = new ArrayList<>();
        final List<Double> p = new ArrayList<>();
        @SuppressWarnings("unchecked")
        final List<Double>[] termIso = new List[] {new ArrayList<>(), new ArrayList<>(), new ArrayList<>()};
        @SuppressWarnings("unchecked")
        final List<Double>[] termAniso = new List[] {new ArrayList<>(), new ArrayList<>(), new ArrayList<>()};
        final List<Double> modelIso = new ArrayList<>();
        final List<Double> modelAniso = new ArrayList<>();
        final List<Double> dftIso = new ArrayList<>();
        final List<Double> dftAniso = new ArrayList<>();
        final double[] isoProj = new double[3];
        final double[] anisoProj = new double[3];
        double zIso2;
        double zAniso2;
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    /**
     * The partition as CSV, one line per row.
     *
     * @param rows the rows
     * @return the CSV text, header first
     */
    public static String toCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("species,atoms,q_mean,q_std,abs_p_mean,abs_p_std,"
                + "monopole_iso_mean,monopole_iso_std,redistribution_iso_mean,redistribution_iso_std,"
                + "dipole_iso_mean,dipole_iso_std,redistribution_aniso_mean,redistribution_aniso_std,"
                + "dipole_aniso_mean,dipole_aniso_std,model_iso_mean,model_iso_std,model_aniso_mean,"
                + "dft_iso_mean,dft_iso_std,dft_aniso_mean,nominal,iso_share_monopole,iso_share_redistribution,"
                + "iso_share_dipole,aniso_share_monopole,aniso_share_redistribution,aniso_share_dipole\n");
        for (Row r : rows) {
            List<String> c = new ArrayList<>();
            c.add(r.species());
            c.add(Integer.toString(r.atoms()));
            for (MeanStd m : new MeanStd[] {r.charge(), r.dipoleNorm(), r.termIso()[0], r.termIso()[1], r.termIso()[2],
                r.termAniso()[1], r.termAniso()[2], r.modelIso()}) {
                c.add(f(m.mean()));
                c.add(f(m.std()));
            }
            c.add(f(r.modelAniso().mean()));
            c.add(f(r.dftIso().mean()));
            c.add(f(r.dftIso().std()));
            c.add(f(r.dftAniso().mean()));
            c.add(r.nominal() == null ? "n/a" : f(r.nominal()));
            for (double v : r.isoShare()) {
                c.add(f(v));
            }
            for (double v : r.anisoShare()) {
                c.add(f(v));
            }
            sb.append(String.join(",", c)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Human-readable table.
     *
     * @param rows the rows
     * @return the table text
     */
    public static String toTable(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-4s %6s %16s %16s %16s %16s %16s %16s %7s %22s %16s%n", "sp", "atoms", "q",
                "|p| (e A)", "redist tr/3", "dipole tr/3", "model tr(Z)/3", "DFT tr(Z)/3", "nominal",
                "iso share q/R/D", "aniso share R/D"));
        for (Row r : rows) {
            sb.append(String.format("%-4s %6d %16s %16s %16s %16s %16s %16s %7s %22s %16s%n", r.species(), r.atoms(),
                    ms(r.charge()), ms(r.dipoleNorm()), ms(r.termIso()[1]), ms(r.termIso()[2]), ms(r.modelIso()),
                    ms(r.dftIso()), r.nominal() == null ? "n/a" : String.format("%+.0f", r.nominal()),
                    String.format("%.2f/%.2f/%.2f", r.isoShare()[0], r.isoShare()[1], r.isoShare()[2]),
                    String.format("%.2f/%.2f", r.anisoShare()[1], r.anisoShare()[2])));
        }
        return sb.toString();
    }

    private static String ms(MeanStd m) {
        return Double.isNaN(m.mean()) ? "n/a" : String.format("%+.3f +- %.3f", m.mean(), m.std());
    }

    /**
     * The partition as a JSON-ready map.
     *
     * @param rows the rows
     * @param settings the run's settings, stored under "settings"
     * @return an insertion-ordered map of plain values, lists and maps
     */
    public static Map<String, Object> toMap(List<Row> rows, Map<String, Object> settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", settings);
        Map<String, Object> sp = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("atoms", r.atoms());
            e.put("q", ms(r.charge(), true));
            e.put("abs_p", ms(r.dipoleNorm(), true));
            Map<String, Object> iso = new LinkedHashMap<>();
            Map<String, Object> an = new LinkedHashMap<>();
            Map<String, Object> isoS = new LinkedHashMap<>();
            Map<String, Object> anS = new LinkedHashMap<>();
            for (int t = 0; t < 3; t++) {
                iso.put(TERMS[t], ms(r.termIso()[t], true));
                an.put(TERMS[t], ms(r.termAniso()[t], true));
                isoS.put(TERMS[t], nan(r.isoShare()[t]));
                anS.put(TERMS[t], nan(r.anisoShare()[t]));
            }
            e.put("iso_parts", iso);
            e.put("aniso_parts_frobenius", an);
            e.put("model_iso", ms(r.modelIso(), true));
            e.put("model_aniso_frobenius", ms(r.modelAniso(), true));
            e.put("dft_iso", ms(r.dftIso(), true));
            e.put("dft_aniso_frobenius", ms(r.dftAniso(), true));
            e.put("nominal", r.nominal());
            e.put("iso_share", isoS);
            e.put("aniso_share", anS);
            sp.put(r.species(), e);
        }
        m.put("species", sp);
        return m;
    }

    private static Object nan(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> ms(MeanStd m, boolean json) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("mean", nan(m.mean()));
        e.put("std", nan(m.std()));
        return e;
    }
}
