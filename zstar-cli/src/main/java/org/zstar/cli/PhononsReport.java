package org.zstar.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.zstar.phonons.GammaModes;
import org.zstar.plot.LinePlot;
import org.zstar.structure.Cell;

/** Plot, JSON and console summary of {@code zstar phonons}. */
final class PhononsReport {
    private PhononsReport() {
    }

    /** Comma-separated numbers of an option. */
    static double[] doubles(String spec, String option) {
        String[] parts = spec.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(option + ": '" + parts[i].trim() + "' is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new UsageException(option + ": '" + parts[i].trim() + "' is not finite");
            }
        }
        return v;
    }

    /** Modes that can absorb: optical, real frequency. */
    static List<Integer> opticalByIntensity(GammaModes.Result m) {
        List<Integer> idx = new ArrayList<>();
        for (int k = 0; k < m.modes(); k++) {
            if (!m.acoustic()[k] && m.frequencies()[k] > 0) {
                idx.add(k);
            }
        }
        idx.sort(Comparator.comparingDouble((Integer k) -> -m.intensities()[k]));
        return idx;
    }

    static void plot(GammaModes.Result m, double[] grid, double[] broadened, double fwhm, Path dir) {
        List<Integer> idx = new ArrayList<>(opticalByIntensity(m));
        idx.sort(Comparator.comparingDouble((Integer k) -> m.frequencies()[k]));
        // sticks as one polyline: 0 -> I_m -> 0 at each frequency (x non-decreasing)
        double[] x = new double[3 * idx.size() + 2];
        double[] y = new double[x.length];
        x[0] = grid[0];
        int p = 1;
        for (int k : idx) {
            double nu = m.frequencies()[k];
            x[p] = nu;
            x[p + 1] = nu;
            x[p + 2] = nu;
            y[p + 1] = m.intensities()[k];
            p += 3;
        }
        x[p] = grid[grid.length - 1];
        LinePlot plot = new LinePlot("Harmonic IR spectrum", "wavenumber (cm^-1)", "stick intensity (e^2/amu)")
                .secondaryAxisTitle("broadened (e^2/amu per cm^-1)")
                .line("modes", x, y, LinePlot.color(0))
                .line(String.format(Locale.ROOT, "Lorentzian, FWHM %.3g cm^-1", fwhm), grid, broadened,
                        LinePlot.color(1), LinePlot.Dash.SOLID, true)
                .xRange(grid[0], grid[grid.length - 1]);
        plot.writePng(dir.resolve("spectrum.png"));
        plot.writeSvg(dir.resolve("spectrum.svg"));
    }

    static void cellParameters(ObjectNode node, Cell cell) {
        double[] l = cell.lattice();
        double[] len = new double[3];
        for (int i = 0; i < 3; i++) {
            len[i] = Math.sqrt(l[3 * i] * l[3 * i] + l[3 * i + 1] * l[3 * i + 1] + l[3 * i + 2] * l[3 * i + 2]);
        }
        node.put("a_A", len[0]);
        node.put("b_A", len[1]);
        node.put("c_A", len[2]);
        node.put("alpha_deg", angle(l, 1, 2, len));
        node.put("beta_deg", angle(l, 0, 2, len));
        node.put("gamma_deg", angle(l, 0, 1, len));
        node.put("volume_A3", cell.volume());
    }

    private static double angle(double[] l, int i, int j, double[] len) {
        double dot = l[3 * i] * l[3 * j] + l[3 * i + 1] * l[3 * j + 1] + l[3 * i + 2] * l[3 * j + 2];
        return Math.toDegrees(Math.acos(dot / (len[i] * len[j])));
    }

    static void modes(ObjectNode root, GammaModes.Result m) {
        ArrayNode arr = root.putArray("modes");
        for (int k = 0; k < m.modes(); k++) {
            ObjectNode o = arr.addObject();
            o.put("mode", k);
            o.put("frequency_cm-1", m.frequencies()[k]);
            o.put("ir_intensity", m.intensities()[k]);
            o.put("acoustic", m.acoustic()[k]);
            if (m.loFrequencies() != null) {
                o.put("frequency_lo_cm-1", m.loFrequencies()[k]);
            }
        }
        ArrayNode top = root.putArray("strongest_ir_modes");
        List<Integer> idx = opticalByIntensity(m);
        for (int k : idx.subList(0, Math.min(10, idx.size()))) {
            ObjectNode o = top.addObject();
            o.put("mode", k);
            o.put("frequency_cm-1", m.frequencies()[k]);
            o.put("ir_intensity", m.intensities()[k]);
        }
        int imaginary = 0;
        for (int k = 0; k < m.modes(); k++) {
            if (!m.acoustic()[k] && m.frequencies()[k] < 0) {
                imaginary++;
            }
        }
        root.put("imaginary_modes", imaginary);
    }

    static void summary(PrintWriter o, GammaModes.Result m, Path dir) {
        List<Integer> idx = opticalByIntensity(m);
        double total = 0;
        for (int k : idx) {
            total += m.intensities()[k];
        }
        o.printf(Locale.ROOT, "%d modes; translations before projection at %.2f cm^-1; BEC sum rule off by %.2e e%n",
                m.modes(), m.translationFrequency(), m.becSumRuleViolation());
        o.println("strongest IR modes (frequency cm^-1, intensity e^2/amu, share of the total):");
        for (int k : idx.subList(0, Math.min(10, idx.size()))) {
            o.printf(Locale.ROOT, "  %9.2f  %10.4g  %5.1f %%%n", m.frequencies()[k], m.intensities()[k],
                    100 * m.intensities()[k] / total);
        }
        o.printf("wrote %s/modes.csv, spectrum.csv, spectrum.png, spectrum.svg, phonons.json, relaxed.xyz%n", dir);
        o.flush();
    }
}
