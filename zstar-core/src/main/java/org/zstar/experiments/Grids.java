package org.zstar.experiments;

import org.zstar.util.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zstar.util.UserInputException;

/** Parses value lists such as {@code 0,1e-3,1e-2} or {@code log:1e-10:1e-2:9} (or mixtures, comma separated). */
public final class Grids {
    private Grids() {
    }

    /**
     * Items separated by commas; an item {@code log:A:B:N} expands to N values spaced logarithmically from A
     * to B inclusive ({@code A (B/A)^(k/(N-1))}), any other item is a number. Values must be >= 0 and finite.
     *
     * @param text the list, e.g. "0,log:1e-3:10:5"
     * @param option the option name, for messages
     * @return the values in the order given
     */
    public static double[] parse(String text, String option) {
        List<Double> out = new ArrayList<>();
        // split on commas that are not inside a log: item (log items use colons only)
        for (String item : text.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.toLowerCase(Locale.ROOT).startsWith("log:")) {
                String[] p = t.substring(4).split(":");
                if (p.length != 3) {
                    throw new UserInputException(option + ": expected log:FROM:TO:COUNT, got '" + t + "'");
                }
                double a = number(p[0], option);
                double b = number(p[1], option);
                int n;
                try {
                    n = Integer.parseInt(p[2].trim());
                } catch (NumberFormatException e) {
                    throw new UserInputException(option + ": bad count '" + p[2] + "' in '" + t + "'");
                }
                if (!(a > 0) || !(b > 0) || n < 1) {
                    throw new UserInputException(option + ": log grid needs FROM, TO > 0 and COUNT >= 1, got '" + t + "'");
                }
                for (int k = 0; k < n; k++) {
                    out.add(n == 1 ? a : a * Math.pow(b / a, (double) k / (n - 1)));
                }
            } else {
                out.add(number(t, option));
            }
        }
        if (out.isEmpty()) {
            throw new UserInputException(option + ": no values in '" + text + "'");
        }
        for (double v : out) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new UserInputException(option + ": values must be finite and >= 0, got " + v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double number(String s, String option) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new UserInputException(option + ": '" + s + "' is not a number");
        }
    }
}
