package org.zstar.models;

/**
 * What a Born-effective-charge model predicts for one frame. All arrays are flat and atom-major;
 * tensors use {@code Z[9j + 3a + b] = dP_a / dr_{j,b}} (row a = polarisation / field).
 *
 * <p>Charge partitioning: {@code bec = monopole + redistribution + dipolePart}, where monopole is
 * {@code q_j I}, redistribution is {@code sum_i (r_i - r_j) (x) dq_i/dr_j} and dipolePart is
 * {@code sum_i dp_i/dr_j}. Parts a model does not have are zero arrays; charges or dipoles it does not
 * have are null.
 *
 * @param charges the charges q_j (e), N values; null for a model without charges
 * @param dipoles the atomic dipoles p_j (e A), 3N values; null for a model without dipoles
 * @param bec the BECs (e), 9N values
 * @param monopole the part q_j I (e), 9N values
 * @param redistribution the charge-redistribution part (e), 9N values
 * @param dipolePart the dipole part (e), 9N values
 * @param polarization the polarisation P = sum q r + sum p of the positions as given (e A), 3 values
 */
public record BecPrediction(
        double[] charges,
        double[] dipoles,
        double[] bec,
        double[] monopole,
        double[] redistribution,
        double[] dipolePart,
        double[] polarization) {

    /** {@return the number of atoms} */
    public int atoms() {
        return bec.length / 9;
    }
}
