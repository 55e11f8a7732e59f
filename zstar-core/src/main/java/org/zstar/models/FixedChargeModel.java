package org.zstar.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * The simplest BEC model: a fixed charge per species. {@code Z_j = q_s I} (so {@code bec[9j+3a+b] =
 * q_s delta_ab}) and {@code P = sum_j q_j r_j} (e*A) with the positions as given. Useful as a baseline, for
 * tests of the spectra code and for {@code zstar ir --charges}.
 */
public final class FixedChargeModel implements BecModel {
    private final Map<String, Double> charges;

    /**
     * A model of fixed charges, Z_j = q_s I.
     *
     * @param charges element symbol to charge in e
     */
    public FixedChargeModel(Map<String, Double> charges) {
        if (charges.isEmpty()) {
            throw new UserInputException("a fixed-charge model needs at least one species");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : charges.entrySet()) {
            double q = e.getValue();
            if (!Double.isFinite(q)) {
                throw new UserInputException("charge of " + e.getKey() + " is not finite");
            }
            m.put(Element.canonicalSymbol(e.getKey()), q);
        }
        this.charges = Collections.unmodifiableMap(m);
    }

    /**
     * Parses {@code "O=-0.8,H=0.4"}.
     *
     * @param spec SYMBOL=CHARGE items separated by commas (e)
     * @return the model
     */
    public static FixedChargeModel parse(String spec) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) {
                throw new UserInputException("charge entry '" + part.trim() + "' is not ELEMENT=CHARGE");
            }
            try {
                m.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new UserInputException("charge entry '" + part.trim() + "': '" + kv[1].trim()
                        + "' is not a number");
            }
        }
        return new FixedChargeModel(m);
    }

    /** {@return element symbol to charge (e)} */
    public Map<String, Double> charges() {
        return charges;
    }

    /**
     * The charge of species s in e.
     *
     * @param symbol the element symbol
     * @return the charge (e)
     */
    public double charge(String symbol) {
        Double q = charges.get(symbol);
        if (q == null) {
            throw new UserInputException("no charge given for species " + symbol + " (charges are given for "
                    + charges.keySet() + ")");
        }
        return q;
    }

    @Override
    public List<String> species() {
        return new ArrayList<>(charges.keySet());
    }

    @Override
    public BecPrediction predict(Structure structure) {
        int n = structure.size();
        double[] q = new double[n];
        double[] bec = new double[9 * n];
        double[] p = new double[3];
        double[] r = structure.positionsView();
        for (int j = 0; j < n; j++) {
            q[j] = charge(structure.symbol(j));
            // Z_j = q_j I
            bec[9 * j] = q[j];
            bec[9 * j + 4] = q[j];
            bec[9 * j + 8] = q[j];
            // P = sum_j q_j r_j
            for (int a = 0; a < 3; a++) {
                p[a] += q[j] * r[3 * j + a];
            }
        }
        return new BecPrediction(q, null, bec, bec.clone(), new double[9 * n], new double[9 * n], p);
    }

    /** {@code P = sum_j q_j r_j} has the derivative {@code q_j I} everywhere, in a periodic cell too. */
    @Override
    public boolean polarizationIntegratesBec(Structure structure) {
        return true;
    }
}
