package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.zstar.engines.ipi.AtomicUnits;
import org.zstar.engines.ipi.IpiAddress;
import org.zstar.engines.ipi.IpiClient;
import org.zstar.engines.ipi.IpiDriver;
import org.zstar.engines.ipi.IpiEvaluator;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.BecModel;
import org.zstar.structure.Structure;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstar serve}: an i-PI socket driver (client) for i-PI, ASE and other MD engines. */
@Command(name = "serve", header = "Drive an MD engine over the i-PI socket protocol (i-PI, ASE).",
        mixinStandardHelpOptions = true,
        description = {"Connects to an i-PI server (i-PI, ASE's SocketIOCalculator, python/zstar_ase.py)",
            "as its force provider: for every set of positions it returns the energy, forces",
            "and virial of the force field and, with --bec-model, an extras JSON",
            "{\"dipole\": [3], \"BEC\": [3N][3]}: the dipole in e*Bohr for the positions as sent,",
            "BEC rows R1x, R1y, R1z, R2x, ..., columns the dipole component (BEC[3j+b][a] =",
            "Z[j][a][b]). Units on the socket are atomic (Bohr, Hartree). The protocol sends",
            "no species: --structure gives them, in the server's atom order. serve only",
            "connects (it never listens), reconnects when the server restarts and exits 0",
            "on EXIT. See docs/ENGINES.md."})
public final class ServeCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public ServeCommand() {
    }

    @Option(names = "--ff", required = true, paramLabel = "FF", description = "Force-field file (from train-ff).")
    Path ffFile;

    @Option(names = "--bec-model", paramLabel = "MODEL",
            description = "BEC model file: also send the dipole and BECs in the extras JSON.")
    Path becModelFile;

    @Option(names = "--structure", required = true, paramLabel = "FILE",
            description = "Structure with the species in the server's atom order (positions and cell are not used).")
    Path structureFile;

    @Option(names = "--frame", defaultValue = "0", paramLabel = "K",
            description = "Frame of the structure file, 0-based; -1 for the last (default: ${DEFAULT-VALUE}).")
    int frame;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Where {
        @Option(names = "--inet", paramLabel = "HOST:PORT", description = "Connect to an internet socket.")
        String inet;

        @Option(names = "--unix", paramLabel = "NAME",
                description = "Connect to the unix socket /tmp/ipi_NAME (i-PI's <address>, ASE's unixsocket=).")
        String unix;
    }

    @Option(names = "--pbc", defaultValue = "auto", paramLabel = "auto|none|TTT",
            description = "Periodicity: auto (an all-zero cell is a molecule, any other cell is periodic), none "
                    + "(ignore the cell: a molecule in i-PI's box), or three letters T/F (default: ${DEFAULT-VALUE}).")
    String pbc;

    @Option(names = "--codata", defaultValue = "2018", paramLabel = "2018|2014",
            description = "CODATA values of Bohr and Hartree; 2014 matches ASE's ase.units "
                    + "(default: ${DEFAULT-VALUE}).")
    String codata;

    @Option(names = "--reconnect-timeout", defaultValue = "60", paramLabel = "S",
            description = "Keep trying to connect for S seconds, at start and after the server goes away "
                    + "(default: ${DEFAULT-VALUE}).")
    double reconnectTimeout;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AtomicUnits units = AtomicUnits.parse(codata);
        boolean[] flags = IpiEvaluator.parsePbc(pbc);
        IpiAddress address = where.unix != null ? IpiAddress.unix(where.unix) : IpiAddress.inet(where.inet);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new UsageException("--threads must be >= 1");
        }
        KernelForceField ff = ModelRegistry.readForceField(ffFile);
        BecModel bec = becModelFile == null ? null : ModelRegistry.readBecModel(becModelFile);
        IpiEvaluator evaluator = new IpiEvaluator(template(), ff, bec, units, flags);
        IpiDriver driver = new IpiDriver(evaluator, line -> {
            err.println("serve: " + line);
            err.flush();
        });
        IpiClient client = new IpiClient(address, reconnectTimeout, line -> {
            err.println("serve: " + line);
            err.flush();
        });
        err.printf("serve: %d atoms, CODATA %s, %s; connecting to %s%n", evaluator.atoms(), units.year(),
                bec == null ? "energy, forces, virial" : "energy, forces, virial, dipole and BECs", address);
        if (bec != null && !"none".equalsIgnoreCase(pbc.trim()) && !bec.polarizationIntegratesBec(periodicProbe())) {
            // (PC3) a stateless server cannot integrate the current: say so instead of sending a P to difference
            err.println("serve: warning: when the server sends a periodic cell, the dipole in the extras is this model's "
                    + "P = sum q r + sum p, which there is NOT the integral of its BECs: do not difference it in time; "
                    + "dM/dt = sum_j Z_j v_j from the BEC extras and the velocities (docs/THEORY.md (PC3))");
        }
        err.flush();
        ForkJoinPool pool = new ForkJoinPool(nThreads);
        try {
            IpiClient.Outcome outcome = pool.submit(() -> client.run(driver)).get();
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%d evaluations; %s%n", driver.evaluations(),
                    outcome == IpiClient.Outcome.EXIT ? "the server sent EXIT" : "the server went away");
            o.flush();
            return 0;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A periodic structure with the template's atoms, to ask the model about its polarisation in a cell. */
    private Structure periodicProbe() {
        Structure t = template();
        return t.isPeriodic() ? t : t.toBuilder().cell(org.zstar.structure.Cell.orthorhombic(100, 100, 100)).build();
    }

    private Structure template() {
        List<Structure> frames = Readers.open(structureFile, ReadOptions.DEFAULTS).readAll();
        if (frames.isEmpty()) {
            throw new UsageException("no frames in " + structureFile);
        }
        int k = frame < 0 ? frames.size() + frame : frame;
        if (k < 0 || k >= frames.size()) {
            throw new UsageException("--frame " + frame + " is out of range (" + frames.size() + " frames)");
        }
        return frames.get(k);
    }
}
