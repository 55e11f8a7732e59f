package org.zstar.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key=value comment line of extended XYZ (ASE / libAtoms convention): keys and values may be quoted
 * with double quotes (backslash escapes), values may be bracketed arrays ({@code [..]} or {@code {..}}), a
 * bare key means true, and a value starting with {@code _JSON } is JSON.
 */
public final class ExtXyzComment {
    static final ObjectMapper JSON = new ObjectMapper();

    private ExtXyzComment() {
    }

    /**
     * Splits a comment line into raw (unquoted) string values, in order.
     *
     * @param line the comment line
     * @param source the file, for messages
     * @param lineNo the 1-based line number, for messages
     * @return key to raw value, in order
     */
    public static Map<String, String> parse(String line, String source, long lineNo) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = line.length();
        int i = 0;
        StringBuilder sb = new StringBuilder();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            sb.setLength(0);
            i = readToken(line, i, sb, true, source, lineNo);
            String key = sb.toString();
            int j = i;
            while (j < n && line.charAt(j) == ' ') {
                j++;
            }
            if (j < n && line.charAt(j) == '=') {
                j++;
                while (j < n && line.charAt(j) == ' ') {
                    j++;
                }
                sb.setLength(0);
                i = readToken(line, j, sb, false, source, lineNo);
                out.put(key, sb.toString());
            } else {
                out.put(key, "T");
            }
        }
        return out;
    }

    private static int readToken(String s, int i, StringBuilder sb, boolean key, String source, long lineNo) {
        int n = s.length();
        if (i < n && s.charAt(i) == '"') {
            i++;
            while (i < n && s.charAt(i) != '"') {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    char d = s.charAt(i + 1);
                    sb.append(d == 'n' ? '\n' : d);
                    i += 2;
                } else {
                    sb.append(c);
                    i++;
                }
            }
            if (i >= n) {
                throw new InputFormatException(source, lineNo, "unterminated quoted string in the comment line");
            }
            return i + 1;
        }
        if (!key && i < n && (s.charAt(i) == '[' || s.charAt(i) == '{')) {
            int depth = 0;
            int start = i;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '[' || c == '{') {
                    depth++;
                } else if (c == ']' || c == '}') {
                    depth--;
                    if (depth == 0) {
                        sb.append(s, start, i + 1);
                        return i + 1;
                    }
                }
                i++;
            }
            throw new InputFormatException(source, lineNo, "unbalanced brackets in the comment line");
        }
        while (i < n && !Character.isWhitespace(s.charAt(i)) && (!key || s.charAt(i) != '=')) {
            sb.append(s.charAt(i));
            i++;
        }
        return i;
    }

    /**
     * Interprets a raw value: JSON (prefix {@code _JSON }), booleans (T/F/True/False), integers (Long),
     * reals (Double), arrays of numbers (double[], space- or comma-separated, optionally bracketed), else the
     * string itself.
     *
     * @param raw the raw value
     * @param key the key, for messages
     * @param source the file, for messages
     * @param lineNo the 1-based line number, for messages
     * @return the value
     */
    public static Object interpret(String raw, String key, String source, long lineNo) {
        String v = raw.trim();
        if (v.startsWith("_JSON ")) {
            try {
                return JSON.readValue(v.substring(6), Object.class);
            } catch (JsonProcessingException e) {
                throw new InputFormatException(source, lineNo, "key '" + key + "' holds malformed JSON: "
                        + e.getOriginalMessage());
            }
        }
        switch (v) {
            case "T", "True", "true" -> {
                return Boolean.TRUE;
            }
            case "F", "False", "false" -> {
                return Boolean.FALSE;
            }
            default -> {
            }
        }
        if (v.matches("[+-]?\\d+")) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        Double d = tryDouble(v);
        if (d != null) {
            if (!Double.isFinite(d)) {
                throw new InputFormatException(source, lineNo, "non-finite value '" + v + "' for key '" + key + "'");
            }
            return d;
        }
        String inner = v;
        if ((inner.startsWith("[") && inner.endsWith("]")) || (inner.startsWith("{") && inner.endsWith("}"))) {
            inner = inner.substring(1, inner.length() - 1);
        }
        String[] parts = inner.trim().split("[\\s,]+");
        if (parts.length > 1 || (parts.length == 1 && !inner.equals(v) && !parts[0].isEmpty())) {
            double[] arr = new double[parts.length];
            boolean allNumbers = true;
            for (int k = 0; k < parts.length; k++) {
                Double x = tryDouble(parts[k]);
                if (x == null) {
                    allNumbers = false;
                    break;
                }
                arr[k] = x;
            }
            if (allNumbers) {
                for (double x : arr) {
                    if (!Double.isFinite(x)) {
                        throw new InputFormatException(source, lineNo, "non-finite value in key '" + key + "'");
                    }
                }
                return arr;
            }
        }
        return raw;
    }

    private static Double tryDouble(String s) {
        if (s.isEmpty()) {
            return null;
        }
        char c = s.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'N' || c == 'I' || c == 'n'
                || c == 'i')) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            String l = s.toLowerCase(java.util.Locale.ROOT);
            if (l.equals("nan") || l.equals("inf") || l.equals("+inf")) {
                return Double.NaN;
            }
            if (l.equals("-inf")) {
                return Double.NEGATIVE_INFINITY;
            }
            return null;
        }
    }

    /** A JSON value as a flat double array of exactly the expected length, or an error. */
    static double[] flatNumbers(Object json, int expected, String what, String source, long lineNo) {
        double[] out = new double[expected];
        int[] count = {0};
        flatten(json, out, count, what, source, lineNo);
        if (count[0] != expected) {
            throw new InputFormatException(source, lineNo, what + " has " + count[0] + " numbers, expected "
                    + expected);
        }
        return out;
    }

    private static void flatten(Object o, double[] out, int[] count, String what, String source, long lineNo) {
        if (o instanceof List<?> l) {
            for (Object e : l) {
                flatten(e, out, count, what, source, lineNo);
            }
        } else if (o instanceof Number num) {
            double d = num.doubleValue();
            if (!Double.isFinite(d)) {
                throw new InputFormatException(source, lineNo, what + " contains a non-finite number");
            }
            if (count[0] < out.length) {
                out[count[0]] = d;
            }
            count[0]++;
        } else {
            throw new InputFormatException(source, lineNo, what + " contains a non-number: " + o);
        }
    }

    /** Shape of a nested JSON list, e.g. [192, 3, 3]. */
    static String shape(Object o) {
        StringBuilder sb = new StringBuilder("[");
        Object cur = o;
        while (cur instanceof List<?> l) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(l.size());
            cur = l.isEmpty() ? null : l.get(0);
        }
        return sb.append(']').toString();
    }
}
