package org.zstar.models;

import java.util.List;
import org.zstar.md.PolarisationSource;
import org.zstar.structure.Structure;

/**
 * A trained model of Born effective charges. Implementations are immutable and thread-safe.
 */
public interface BecModel extends PolarisationSource {

    /**
     * Species the model knows (canonical symbols).
     *
     * @return the species symbols
     */
    List<String> species();

    /**
     * Predicts charges, dipoles, BECs and their parts for one frame. The polarisation
     * {@code P = sum_i q_i r_i + sum_i p_i} (e*A) uses the positions exactly as given: pass unwrapped
     * positions along a trajectory, where only its time derivative is meaningful.
     *
     * @param structure the frame
     * @return the prediction
     */
    BecPrediction predict(Structure structure);

    /**
     * Whether the polarisation of {@link #predict} is the integral of its BECs for this structure: {@code Z_j =
     * dP/dr_j} exactly for the positions as given (unwrapped along a trajectory), so that differences of P along a
     * path equal the integral of the current {@code sum_j Z_j v_j dt}. In a periodic cell the physical quantity is
     * that current; P is defined only up to a polarisation quantum, through its integral (docs/THEORY.md,
     * "Polarisation and current in a crystal", (PC1)-(PC3)). The default trusts P for molecules only.
     *
     * @param structure the frame
     * @return true when P integrates Z exactly
     */
    default boolean polarizationIntegratesBec(Structure structure) {
        return !structure.isPeriodic();
    }

    /** The BECs and polarisation of {@link #predict}, for an applied field ({@link PolarisationSource}). */
    @Override
    default PolarisationSource.Response response(Structure structure) {
        BecPrediction p = predict(structure);
        return new PolarisationSource.Response(p.bec(), p.polarization());
    }
}
