package org.zstar.models;

/**
 * What a Born-effective-charge model predicts for one frame. All arrays are flat and atom-major;
 * tensors use {@code Z[9j + 3a + b] = dP_a / dr_{j,b}} (row a = polarisation / field).
 *
 * <p>Charge partitioning: {@code bec = monopole + redistribution + dipolePart}, where monopole is
 * {@code q_j I}, redistribution is {@code sum_i (r_i - r_j) (x) dq_i/dr_j} and dipolePart is
 * {@code sum_i dp_i/dr_j}. Parts a model does not have are zero arrays; charges or dipoles it does not
 * have are null.
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
