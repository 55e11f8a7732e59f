package org.zstar.models;

import java.util.List;
import org.zstar.structure.Structure;

/**
 * A trained model of Born effective charges. Implementations are immutable and thread-safe.
 */
public interface BecModel {

    /** Species the model knows (canonical symbols). */
    List<String> species();

    /**
     * Predicts charges, dipoles, BECs and their parts for one frame. The polarisation
     * {@code P = sum_i q_i r_i + sum_i p_i} (e*A) uses the positions exactly as given: pass unwrapped
     * positions along a trajectory, where only its time derivative is meaningful.
     */
    BecPrediction predict(Structure structure);
}
