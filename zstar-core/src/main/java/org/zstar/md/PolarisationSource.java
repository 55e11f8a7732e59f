package org.zstar.md;

import org.zstar.structure.Structure;

/**
 * What an applied electric field needs from a model of the electronic response (docs/THEORY.md, "MD in an applied
 * electric field"): the Born effective charges and the polarisation of a frame. The md package asks for nothing
 * more, so it does not depend on the BEC models; {@code org.zstar.models.BecModel} is one (its default
 * {@code response} adapts its predictions).
 */
@FunctionalInterface
public interface PolarisationSource {

    /**
     * BECs and polarisation at the positions as given.
     *
     * @param structure the frame
     * @return its response; {@code bec[9j + 3a + b] = dP_a/dr_{j,b}} (e) and the polarisation (e*A)
     */
    Response response(Structure structure);

    /**
     * The response of one frame.
     *
     * @param bec Born effective charges, 9 numbers per atom, row = polarisation direction (e)
     * @param polarization the polarisation P (e*A)
     */
    record Response(double[] bec, double[] polarization) {
    }
}
