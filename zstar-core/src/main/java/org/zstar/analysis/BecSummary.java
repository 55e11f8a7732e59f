package org.zstar.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * Streaming summary of a set of frames (one pass, constant memory): frame and atom counts, species,
 * quantities present, and the BEC diagnostics of {@link BecSumRules} (acoustic sum rule residual, maximum
 * over frames; antisymmetric fraction over all frames; mean trace(Z)/3 per species; rotational residuals of
 * isolated molecules with a dipole, maximum over frames, in both row readings).
 */
public final class BecSummary {
    /** An empty summary. */
    public BecSummary() {
    }

    private long frames;
    private int atomsMin = Integer.MAX_VALUE;
    private int atomsMax;
    private Map<String, Integer> species;
    private Cell firstCell;
    private boolean firstPeriodic;
    private final Map<String, Long> quantities = new LinkedHashMap<>();
    private long becFrames;
    private double asrMax;
    private double antiSq;
    private double normSq;
    private final Map<String, double[]> traceSums = new TreeMap<>(); // symbol -> {sum trace/3, count}
    private long rotationalFrames;
    private double rotField;
    private double rotDisplacement;
    private double rotFieldSum;
    private double rotDisplacementSum;

    /**
     * Adds one frame.
     *
     * @param s the frame
     */
    public void accept(Structure s) {
        int n = s.size();
        if (frames == 0) {
            species = s.speciesCounts();
            firstCell = s.cell();
            firstPeriodic = s.isPeriodic();
        }
        frames++;
        atomsMin = Math.min(atomsMin, n);
        atomsMax = Math.max(atomsMax, n);
        for (String name : s.atomArrayNames()) {
            quantities.merge(name, 1L, Long::sum);
        }
        if (s.energy() != null) {
            quantities.merge("energy", 1L, Long::sum);
        }
        if (s.stress() != null) {
            quantities.merge("stress", 1L, Long::sum);
        }
        if (s.dipole() != null) {
            quantities.merge("dipole", 1L, Long::sum);
        }
        if (s.dielectric() != null) {
            quantities.merge("dielectric", 1L, Long::sum);
        }
        double[] bec = s.atomArrayView(Structure.BEC);
        if (bec == null) {
            return;
        }
        becFrames++;
        asrMax = Math.max(asrMax, BecSumRules.asrResidual(bec, s.totalCharge()));
        antiSq += BecSumRules.antisymmetricNormSquared(bec);
        normSq += BecSumRules.normSquared(bec);
        for (int j = 0; j < n; j++) {
            double[] t = traceSums.computeIfAbsent(s.symbol(j), k -> new double[2]);
            t[0] += (bec[9 * j] + bec[9 * j + 4] + bec[9 * j + 8]) / 3.0;
            t[1] += 1;
        }
        BecSumRules.RotationalCheck rc = BecSumRules.rotationalCheck(s);
        if (rc != null) {
            rotationalFrames++;
            rotField = Math.max(rotField, rc.fieldRows());
            rotDisplacement = Math.max(rotDisplacement, rc.displacementRows());
            rotFieldSum += rc.fieldRows();
            rotDisplacementSum += rc.displacementRows();
        }
    }

    /** {@return the number of frames seen} */
    public long frames() {
        return frames;
    }

    /** {@return the smallest atom count of a frame (0 before the first frame)} */
    public int atomsMin() {
        return frames == 0 ? 0 : atomsMin;
    }

    /** {@return the largest atom count of a frame} */
    public int atomsMax() {
        return atomsMax;
    }

    /** {@return species counts of the first frame} */
    public Map<String, Integer> species() {
        return species == null ? Map.of() : species;
    }

    /** {@return the cell of the first frame, or null before the first frame} */
    public Cell firstCell() {
        return firstCell;
    }

    /** {@return whether the first frame is periodic} */
    public boolean firstPeriodic() {
        return firstPeriodic;
    }

    /** {@return quantity name to the number of frames that have it} */
    public Map<String, Long> quantities() {
        return quantities;
    }

    /** {@return the number of frames with BECs} */
    public long becFrames() {
        return becFrames;
    }

    /** {@return whether any frame has BECs} */
    public boolean hasBec() {
        return becFrames > 0;
    }

    /** {@return {@code max_frames max_{a,b} |sum_j Z_j - Q I|}, or NaN without BECs} */
    public double asrMax() {
        return hasBec() ? asrMax : Double.NaN;
    }

    /** {@return antisymmetric fraction over all BEC frames, or NaN} */
    public double antisymmetricFraction() {
        return hasBec() ? (normSq == 0 ? 0 : Math.sqrt(antiSq / normSq)) : Double.NaN;
    }

    /** {@return symbol to mean trace(Z)/3 over all atoms of that species in all BEC frames} */
    public Map<String, Double> meanCharge() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : traceSums.entrySet()) {
            out.put(e.getKey(), e.getValue()[0] / e.getValue()[1]);
        }
        return out;
    }

    /** {@return the number of isolated-molecule frames on which the rotational sum rule was evaluated} */
    public long rotationalFrames() {
        return rotationalFrames;
    }

    /** {@return max over molecular frames of the rotational residual with rows = field, or NaN} */
    public double rotationalFieldRows() {
        return rotationalFrames > 0 ? rotField : Double.NaN;
    }

    /** {@return max over molecular frames of the rotational residual with rows = displacement, or NaN} */
    public double rotationalDisplacementRows() {
        return rotationalFrames > 0 ? rotDisplacement : Double.NaN;
    }

    /** {@return mean over molecular frames of the rotational residual with rows = field, or NaN} */
    public double rotationalFieldRowsMean() {
        return rotationalFrames > 0 ? rotFieldSum / rotationalFrames : Double.NaN;
    }

    /** {@return mean over molecular frames of the rotational residual with rows = displacement, or NaN} */
    public double rotationalDisplacementRowsMean() {
        return rotationalFrames > 0 ? rotDisplacementSum / rotationalFrames : Double.NaN;
    }

    /** {@return "field" or "displacement" (smaller mean residual), or null when no frame allows the check} */
    public String rotationalConvention() {
        if (rotationalFrames == 0) {
            return null;
        }
        return rotFieldSum <= rotDisplacementSum ? "field" : "displacement";
    }
}
