package org.zstar.md;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Observer writing the thermodynamics ({@code PREFIX-thermo.csv}): step, time_fs, potential_eV, kinetic_eV,
 * total_eV, temperature_K, conserved_eV (the conserved quantity of {@link MolecularDynamics#conservedEnergy()}).
 * One line per call, each written whole ({@link RecordFile}).
 */
public final class ThermoWriter implements MdObserver, AutoCloseable {
    /** The header line of the thermo CSV. */
    public static final String HEADER = "step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K,conserved_eV\n";
    private final RecordFile file;

    /**
     * A thermo CSV that writes its header now.
     *
     * @param path the file
     */
    public ThermoWriter(Path path) {
        this.file = new RecordFile(path, HEADER);
    }

    /** {@return the file written} */
    public Path path() {
        return file.path();
    }

    @Override
    public void observe(MolecularDynamics md) {
        double pot = md.potentialEnergy();
        double kin = md.kineticEnergy();
        file.append(String.format(Locale.ROOT, "%d,%.6f,%.10g,%.10g,%.10g,%.6f,%.10g%n", md.stepCount(), md.time(),
                pot, kin, pot + kin, md.temperature(), md.conservedEnergy()));
    }

    @Override
    public void close() {
        file.close();
    }
}
