package org.zstar.io;

import org.zstar.util.UserInputException;

/**
 * What the rows of the 3x3 Born effective charge blocks in a file mean. zstar stores
 * {@code Z[j][a][b] = dP_a / dr_{j,b}} (row = field); a file whose rows are the displacement direction is
 * transposed on read.
 */
public enum BecRows {
    /** Rows are the polarisation / field direction (zstar's convention; the default). */
    FIELD,
    /** Rows are the displacement / force direction: transposed on read. */
    DISPLACEMENT;

    /**
     * Parses "field" or "displacement" (case-insensitive).
     *
     * @param s "field" or "displacement"
     * @return the convention
     */
    public static BecRows parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "field", "polarization", "polarisation" -> FIELD;
            case "displacement", "force" -> DISPLACEMENT;
            default -> throw new UserInputException("BEC rows must be 'field' or 'displacement', not '" + s + "'");
        };
    }

    /** {@return "field" or "displacement"} */
    public String label() {
        return this == FIELD ? "field" : "displacement";
    }

    /** {@return the other reading} */
    public BecRows transposed() {
        return this == FIELD ? DISPLACEMENT : FIELD;
    }

    /**
     * Converts one atom's block, read row-major from a file, to zstar's field-row convention in place.
     *
     * @param bec the BECs, 9 values per atom
     * @param offset the index of the atom's first value
     */
    public void toFieldRows(double[] bec, int offset) {
        if (this == DISPLACEMENT) {
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    double t = bec[offset + 3 * a + b];
                    bec[offset + 3 * a + b] = bec[offset + 3 * b + a];
                    bec[offset + 3 * b + a] = t;
                }
            }
        }
    }

    /**
     * Converts all blocks of a flat 9N array in place.
     *
     * @param bec the BECs, 9N values
     */
    public void toFieldRows(double[] bec) {
        for (int off = 0; off + 9 <= bec.length; off += 9) {
            toFieldRows(bec, off);
        }
    }
}
