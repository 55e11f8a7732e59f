package org.zstar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code zstar dft}: generate training data with a DFT code (Quantum ESPRESSO: {@code zstar dft qe}). */
@Command(name = "dft", mixinStandardHelpOptions = true,
        description = {"Generate training data (energies, forces, Born effective charges, dielectric tensors) with a",
            "DFT code. Quantum ESPRESSO: 'zstar dft qe prepare|run|collect'."},
        subcommands = {DftCommand.Qe.class})
public final class DftCommand implements Runnable {
    /** The command; picocli sets its options. */
    public DftCommand() {
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("missing subcommand: zstar dft qe prepare|run|collect (see zstar dft --help)");
    }

    /** {@code zstar dft qe}: the Quantum ESPRESSO workflow. */
    @Command(name = "qe", mixinStandardHelpOptions = true,
            description = {"Quantum ESPRESSO: pw.x SCF with forces, then ph.x dielectric response at Gamma",
                "(epsil=.true., trans=.false.), which gives the dielectric tensor and the Born effective charges.",
                "prepare writes the inputs, run runs them (resumable), collect writes extended XYZ."},
            subcommands = {DftQePrepareCommand.class, DftQeRunCommand.class, DftQeCollectCommand.class})
    public static final class Qe implements Runnable {
        /** The command group; picocli runs its subcommands. */
        public Qe() {
        }

        @Override
        public void run() {
            throw new UsageException("missing subcommand: zstar dft qe prepare|run|collect (see zstar dft qe --help)");
        }
    }
}
