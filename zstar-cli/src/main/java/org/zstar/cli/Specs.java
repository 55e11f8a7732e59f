package org.zstar.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.zstar.structure.Element;

/** Parsing of small command-line value lists such as "Zr=30,O=60" or "100". */
final class Specs {
    private Specs() {
    }

    /** "100" (every species) or "Zr=30,O=60" (per species; "*" = the rest). */
    static Map<String, Integer> perSpeciesCounts(String spec, String option) {
        return perSpeciesCounts(spec, option, 1);
    }

    /** As {@link #perSpeciesCounts(String, String)} with the smallest allowed count. */
    static Map<String, Integer> perSpeciesCounts(String spec, String option, int min) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pairs(spec, option, true).entrySet()) {
            try {
                int v = Integer.parseInt(e.getValue());
                if (v < min) {
                    throw new UsageException(option + ": counts must be >= " + min + ", got " + v);
                }
                out.put(e.getKey(), v);
            } catch (NumberFormatException ex) {
                throw new UsageException(option + ": '" + e.getValue() + "' is not a whole number");
            }
        }
        return out;
    }

    /** "O=-0.8,H=0.4": a number per species. */
    static Map<String, Double> perSpeciesValues(String spec, String option) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (Map.Entry<String, String> e : pairs(spec, option, false).entrySet()) {
            try {
                double v = Double.parseDouble(e.getValue());
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                out.put(e.getKey(), v);
            } catch (NumberFormatException ex) {
                throw new UsageException(option + ": '" + e.getValue() + "' is not a finite number");
            }
        }
        return out;
    }

    private static Map<String, String> pairs(String spec, String option, boolean bareAllowed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                throw new UsageException(option + ": empty item in '" + spec + "'");
            }
            int eq = t.indexOf('=');
            if (eq < 0) {
                if (!bareAllowed) {
                    throw new UsageException(option + ": expected SYMBOL=VALUE, got '" + t + "'");
                }
                out.put("*", t);
                continue;
            }
            String key = t.substring(0, eq).trim();
            if (!key.equals("*")) {
                if (Element.atomicNumberOrMinusOne(key) < 1) {
                    throw new UsageException(option + ": unknown element '" + key + "'");
                }
                key = Element.canonicalSymbol(key);
            }
            out.put(key, t.substring(eq + 1).trim());
        }
        return out;
    }
}
