package org.zstar.models;

/**
 * How the charge-redistribution term of the monopole model is written (docs/THEORY.md, "Monopole model").
 */
public enum ChargeForm {
    /**
     * {@code Z_j = q_j I + sum_i (r_i - rbar) (x) dq~_i/dr_j}: the exact derivative of {@code P = sum q_i r_i}
     * with neutralised charges; well defined for isolated molecules only.
     */
    EXACT,
    /**
     * {@code Z_j = q_j I - sum_i sum_{T} r_ij^T (x) dq~_i/d r_ij^T}: uses only neighbour-image vectors, so it is
     * independent of wrapping; for periodic cells. Violates the ASR by the strain response of the raw charges.
     */
    LOCAL,
    /** EXACT for frames without periodic axes, LOCAL otherwise. */
    AUTO;

    /**
     * "auto", "local" or "exact" (case-insensitive).
     *
     * @param s the name
     * @return the form
     */
    public static ChargeForm parse(String s) {
        for (ChargeForm f : values()) {
            if (f.name().equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        throw new org.zstar.util.UserInputException("unknown charge form '" + s + "' (auto, local or exact)");
    }

    /**
     * The form used for a structure: AUTO becomes EXACT for molecules and LOCAL for periodic cells.
     *
     * @param periodic whether the structure is periodic
     * @return LOCAL or EXACT
     */
    public ChargeForm resolve(boolean periodic) {
        if (this != AUTO) {
            return this;
        }
        return periodic ? LOCAL : EXACT;
    }
}
