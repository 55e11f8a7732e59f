package org.zstar.dft;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.zstar.util.UserInputException;

/**
 * Runs the jobs of a {@link QeJobs} folder: pw.x then ph.x in each job folder ({@code pw.x -in pw.in >
 * pw.out}, stderr to pw.err), optionally under {@code mpirun -np N}, several folders at a time if asked.
 * Resumable: folders whose two outputs finished cleanly are skipped; any other is run again from pw.x.
 * Raw outputs are kept; the scratch folder (outdir ./tmp, wavefunctions) is removed after a clean finish
 * unless asked to keep it. OMP_NUM_THREADS is set to 1 when unset (one rank per core).
 */
public final class QeRunner {
    /**
     * How the jobs are run.
     *
     * @param pw pw.x executable (name on PATH or path)
     * @param ph ph.x executable
     * @param mpiRanks MPI ranks per job; 1 runs without mpirun
     * @param mpirun the MPI launcher
     * @param parallelJobs job folders run at the same time
     * @param keepScratch keep outdir (./tmp) after a clean finish
     */
    public record Options(String pw, String ph, int mpiRanks, String mpirun, int parallelJobs, boolean keepScratch) {
        /**
         * Checks that the rank and job counts are positive.
         *
         * @param pw pw.x executable (name on PATH or path)
         * @param ph ph.x executable
         * @param mpiRanks MPI ranks per job; 1 runs without mpirun
         * @param mpirun the MPI launcher
         * @param parallelJobs job folders run at the same time
         * @param keepScratch keep outdir (./tmp) after a clean finish
         */
        public Options {
            if (mpiRanks < 1 || parallelJobs < 1) {
                throw new UserInputException("MPI ranks and parallel jobs must be >= 1");
            }
        }

        /** {@return pw.x and ph.x from PATH, one MPI rank, mpirun, one job at a time, scratch removed} */
        public static Options defaults() {
            return new Options("pw.x", "ph.x", 1, "mpirun", 1, false);
        }
    }

    /**
     * What happened to one folder.
     *
     * @param folder the job folder
     * @param before its state before the run
     * @param after its state after the run
     * @param seconds the wall time of its run (s)
     * @param message what happened, one line
     */
    public record Outcome(Path folder, QeJobs.State before, QeJobs.State after, double seconds, String message) {
        /** {@return whether the folder was already done before the run} */
        public boolean skipped() {
            return before == QeJobs.State.DONE;
        }
    }

    private QeRunner() {
    }

    /**
     * Finds an executable (a path, or a name on PATH); the error says how to get it.
     *
     * @param name the executable's name or path, e.g. "pw.x"
     * @param option the command-line option that sets it, for the message
     * @return the absolute path of the executable
     * @throws UserInputException when it is neither a file nor on PATH
     */
    public static Path executable(String name, String option) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
            throw new UserInputException(name + " is not an executable file (" + option + ")");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                Path p = Path.of(d.isEmpty() ? "." : d, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p.toAbsolutePath();
                }
            }
        }
        throw new UserInputException(name + " not found on PATH: install Quantum ESPRESSO (Debian/Ubuntu: "
                + "apt-get install quantum-espresso) or give its path with " + option);
    }

    /**
     * Runs every unfinished job of dir; onDone is called once per folder (also for skipped ones).
     *
     * @param dir the folder written by {@link QeJobs#prepare}
     * @param options the executables, MPI ranks and parallelism
     * @param onDone called once per folder with its outcome (may be null)
     * @return the outcome of every folder, in folder order
     */
    public static List<Outcome> run(Path dir, Options options, Consumer<Outcome> onDone) {
        List<Path> folders = QeJobs.folders(dir);
        Path pw = executable(options.pw(), "--pw");
        Path ph = executable(options.ph(), "--ph");
        Path mpirun = options.mpiRanks() > 1 ? executable(options.mpirun(), "--mpirun") : null;
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelJobs());
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Path f : folders) {
                futures.add(pool.submit(() -> {
                    Outcome o = runOne(f, pw, ph, mpirun, options);
                    synchronized (outcomes) {
                        onDone.accept(o);
                    }
                    return o;
                }));
            }
            for (Future<Outcome> fu : futures) {
                try {
                    outcomes.add(fu.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    private static Outcome runOne(Path folder, Path pw, Path ph, Path mpirun, Options options) throws InterruptedException {
        QeJobs.State before = QeJobs.state(folder);
        if (before == QeJobs.State.DONE) {
            return new Outcome(folder, before, before, 0, "already finished");
        }
        if (!Files.isRegularFile(folder.resolve(QeJobs.PW_IN)) || !Files.isRegularFile(folder.resolve(QeJobs.PH_IN))) {
            return new Outcome(folder, before, QeJobs.State.FAILED, 0, "missing " + QeJobs.PW_IN + " or " + QeJobs.PH_IN);
        }
        long t0 = System.nanoTime();
        try {
            Files.deleteIfExists(folder.resolve(QeJobs.PH_OUT));
            int rc = exec(folder, pw, mpirun, options, QeJobs.PW_IN, QeJobs.PW_OUT, "pw.err");
            if (rc != 0 || !QeJobs.finished(folder.resolve(QeJobs.PW_OUT))) {
                return new Outcome(folder, before, QeJobs.State.FAILED, seconds(t0), "pw.x failed (exit " + rc + "): "
                        + QeJobs.errorMessage(folder.resolve(QeJobs.PW_OUT)));
            }
            rc = exec(folder, ph, mpirun, options, QeJobs.PH_IN, QeJobs.PH_OUT, "ph.err");
            if (rc != 0 || !QeJobs.finished(folder.resolve(QeJobs.PH_OUT))) {
                return new Outcome(folder, before, QeJobs.State.FAILED, seconds(t0), "ph.x failed (exit " + rc + "): "
                        + QeJobs.errorMessage(folder.resolve(QeJobs.PH_OUT)));
            }
            if (!options.keepScratch()) {
                deleteTree(folder.resolve("tmp"));
                deleteTree(folder.resolve("_ph0"));
            }
            return new Outcome(folder, before, QeJobs.State.DONE, seconds(t0), "finished");
        } catch (IOException e) {
            throw new UncheckedIOException("running Quantum ESPRESSO in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static int exec(Path folder, Path program, Path mpirun, Options options, String in, String out,
            String err) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (mpirun != null) {
            cmd.add(mpirun.toString());
            cmd.add("-np");
            cmd.add(Integer.toString(options.mpiRanks()));
        }
        cmd.add(program.toString());
        cmd.add("-in");
        cmd.add(in);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(folder.toFile())
                .redirectOutput(folder.resolve(out).toFile()).redirectError(folder.resolve(err).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            throw e;
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
