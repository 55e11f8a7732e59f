package org.zstar.models;

import java.util.List;
import org.zstar.md.PolarisationSource;
import org.zstar.structure.Structure;

/**
 * A trained model of Born effective charges. Implementations are immutable and thread-safe.
 */
public interface BecModel extends PolarisationSource {

    /** Species the model knows (canonical symbols). */
    List<String> species();

    /**
     * Predicts charges, dipoles, BECs and their parts for one frame. The polarisation
     * {@code P = sum_i q_i r_i + sum_i p_i} (e*A) uses the positions exactly as given: pass unwrapped
     * positions along a trajectory, where only its time derivative is meaningful.
     */
    BecPrediction predict(Structure structure);

    /** The BECs and polarisation of {@link #predict}, for an applied field ({@link PolarisationSource}). */
    @Override
    default PolarisationSource.Response response(Structure structure) {
        BecPrediction p = predict(structure);
        return new PolarisationSource.Response(p.bec(), p.polarization());
    }
}
