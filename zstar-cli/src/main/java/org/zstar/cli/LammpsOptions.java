package org.zstar.cli;

import org.zstar.io.LammpsDumpReader;
import org.zstar.io.LammpsUnits;
import org.zstar.io.ReadOptions;
import picocli.CommandLine.Option;

/** Options of LAMMPS dumps, for the commands that read structures (a mixin). */
public final class LammpsOptions {
    /** Options of a command (a picocli mixin or group); picocli sets them. */
    public LammpsOptions() {
    }

    @Option(names = "--type-map", paramLabel = "T=EL,...",
            description = "LAMMPS dumps without an element column: element per atom type, e.g. 1=O,2=H.")
    String typeMap;

    @Option(names = "--lammps-units", defaultValue = "metal", paramLabel = "metal|real",
            description = "Units of LAMMPS dump velocities: metal (A/ps) or real (A/fs) (default: ${DEFAULT-VALUE}).")
    String lammpsUnits;

    /** Adds the LAMMPS settings to a read-options builder. */
    ReadOptions.Builder applyTo(ReadOptions.Builder b) {
        return b.lammpsTypes(LammpsDumpReader.parseTypeMap(typeMap)).lammpsUnits(LammpsUnits.parse(lammpsUnits));
    }
}
