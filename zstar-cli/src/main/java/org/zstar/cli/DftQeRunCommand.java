package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zstar.dft.QeJobs;
import org.zstar.dft.QeRunner;
import org.zstar.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zstar dft qe run}: runs prepared jobs, skipping finished ones. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run pw.x then ph.x in every job folder made by 'zstar dft qe prepare'. Resumable: folders whose",
            "outputs finished cleanly (\"JOB DONE.\") are skipped, others are run again. Raw outputs are kept",
            "(pw.out, ph.out); the scratch folder tmp/ is removed after a clean finish."})
public final class DftQeRunCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public DftQeRunCommand() {
    }

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder made by 'zstar dft qe prepare'.")
    Path dir;

    @Option(names = "--mpi", paramLabel = "N", defaultValue = "1",
            description = "MPI ranks per job; above 1 runs under the MPI launcher (default: ${DEFAULT-VALUE}).")
    int mpi;

    @Option(names = "--mpirun", paramLabel = "CMD", defaultValue = "mpirun",
            description = "MPI launcher (default: ${DEFAULT-VALUE}).")
    String mpirun;

    @Option(names = "--jobs", paramLabel = "J", defaultValue = "1",
            description = "Job folders run at the same time (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--pw", paramLabel = "PATH", defaultValue = "pw.x", description = "pw.x executable (default: ${DEFAULT-VALUE}).")
    String pw;

    @Option(names = "--ph", paramLabel = "PATH", defaultValue = "ph.x", description = "ph.x executable (default: ${DEFAULT-VALUE}).")
    String ph;

    @Option(names = "--keep-scratch", description = "Keep the scratch folder (tmp/: wavefunctions) of finished jobs.")
    boolean keepScratch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        QeRunner.Options options = new QeRunner.Options(pw, ph, mpi, mpirun, jobs, keepScratch);
        int total = QeJobs.folders(dir).size();
        List<QeRunner.Outcome> outcomes;
        int[] counts = new int[3];
        try (Progress p = Progress.start("QE jobs", total)) {
            outcomes = QeRunner.run(dir, options, o -> {
                p.step();
                if (o.after() == QeJobs.State.FAILED) {
                    counts[2]++;
                    err.printf("%s: %s%n", dir.relativize(o.folder()), o.message());
                    err.flush();
                } else if (o.skipped()) {
                    counts[0]++;
                } else {
                    counts[1]++;
                }
            });
        }
        PrintWriter out = spec.commandLine().getOut();
        double seconds = outcomes.stream().mapToDouble(QeRunner.Outcome::seconds).sum();
        out.printf("%d jobs: %d already finished, %d run (%.0f s), %d failed%n", outcomes.size(), counts[0], counts[1],
                seconds, counts[2]);
        if (counts[2] == 0) {
            out.printf("next: zstar dft qe collect %s --out FILE.xyz%n", dir);
        }
        out.flush();
        return counts[2] == 0 ? 0 : 1;
    }
}
