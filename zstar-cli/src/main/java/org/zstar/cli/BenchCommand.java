package org.zstar.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.Descriptors;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.io.InputFiles;
import org.zstar.io.InputFormatException;
import org.zstar.structure.Cell;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zstar bench ...}: performance benchmarks (figures go to docs/PERFORMANCE.md). */
@Command(name = "bench", header = "Performance benchmarks (descriptors, training, predictions).", mixinStandardHelpOptions = true, description = "Performance benchmarks.",
        subcommands = {BenchCommand.DescriptorsBench.class, BenchTrainCommand.class, BenchPredictCommand.class})
public final class BenchCommand implements Runnable {
    /** The command; picocli sets its options. */
    public BenchCommand() {
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Atoms per second of descriptor values + derivatives, single- and multi-threaded. */
    @Command(name = "descriptors", mixinStandardHelpOptions = true,
            description = "Atoms per second for descriptor values plus derivatives (default parameters) on a "
                    + "192-atom water box and a 96-atom ZrO2 fluorite cell (synthetic, seeded), or on the first "
                    + "frame of an extended-XYZ file.")
    static final class DescriptorsBench implements Runnable {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--threads", split = ",", paramLabel = "N[,N...]",
                description = "Thread counts to run (default: 1 and all available processors).")
        List<Integer> threads;

        @Option(names = "--repeat", defaultValue = "5", paramLabel = "R",
                description = "Timed repetitions per case; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--data", paramLabel = "FILE",
                description = "Benchmark the first frame of this extended-XYZ file instead of the synthetic frames.")
        Path data;

        @Option(names = "--descriptor", defaultValue = "both", paramLabel = "KIND",
                description = "scalar, vector or both (default: ${DEFAULT-VALUE}).")
        String kind;

        @Option(names = "--warmup", defaultValue = "5", paramLabel = "W",
                description = "Untimed warm-up runs per case (JIT compilation; default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic frames (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public void run() {
            if (warmup < 0) {
                throw new UsageException("--warmup must be >= 0");
            }
            if (repeat < 1) {
                throw new UsageException("--repeat must be at least 1");
            }
            if (!List.of("scalar", "vector", "both").contains(kind)) {
                throw new UsageException("--descriptor must be scalar, vector or both");
            }
            List<Integer> ts = threadCounts();
            List<Structure> frames = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (data != null) {
                frames.add(readFirstXyzFrame(data));
                names.add(data.getFileName().toString());
            } else {
                frames.add(waterBox(seed));
                names.add("water-192 (synthetic)");
                frames.add(zirconia(seed));
                names.add("ZrO2-96 (synthetic)");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "# zstar bench descriptors: default parameters, values + derivatives, %d repeats,"
                    + " %d processors available%n", repeat, Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "%-24s %-8s %7s %6s %8s %10s %12s %12s %12s %14s%n", "frame", "kind", "threads",
                    "atoms", "entries", "components", "ms/frame", "atoms/s", "cpu-ms/frame", "atoms/cpu-s");
            // pass 0 warms every case up (JIT-compiles all code paths before anything is timed), pass 1 times
            for (int pass = 0; pass < 2; pass++)
            for (int fi = 0; fi < frames.size(); fi++) {
                Structure s = frames.get(fi);
                List<String> sp = List.of(s.speciesSorted());
                DescriptorParameters p = DescriptorParameters.defaults(sp);
                List<AtomicDescriptor> ds = new ArrayList<>();
                if (!kind.equals("vector")) {
                    ds.add(new ScalarDescriptor(p));
                }
                if (!kind.equals("scalar")) {
                    ds.add(new VectorDescriptor(p));
                }
                for (AtomicDescriptor d : ds) {
                    for (int t : ts) {
                        if (!time(out, pass, names.get(fi), s, d, t)) {
                            return;
                        }
                    }
                }
            }
        }

        /** The thread counts to time: as given, or 1 and every processor. */
        private List<Integer> threadCounts() {
            List<Integer> ts = threads;
            if (ts == null || ts.isEmpty()) {
                int cores = Runtime.getRuntime().availableProcessors();
                ts = cores > 1 ? List.of(1, cores) : List.of(1);
            }
            for (int t : ts) {
                if (t < 1) {
                    throw new UsageException("--threads must be positive");
                }
            }
            return ts;
        }

        /**
         * One case in its own pool of t threads: pass 0 only warms it up, pass 1 times it and prints a row (median
         * wall and worker CPU time of the repeats); false when interrupted.
         */
        private boolean time(PrintWriter out, int pass, String name, Structure s, AtomicDescriptor d, int t) {
            List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
            ForkJoinPool pool = new ForkJoinPool(t, p0 -> {
                java.util.concurrent.ForkJoinWorkerThread th =
                        ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p0);
                workers.add(th);
                return th;
            }, null, false);
            try {
                int[] entries = new int[1];
                Runnable once = () -> {
                    DescriptorSet set = d.compute(s, true);
                    if (set.rank == 0) {
                        set = Descriptors.normalize(set);
                    }
                    entries[0] = set.entries();
                };
                if (pass == 0) {
                    for (int w = 0; w < warmup; w++) {
                        pool.submit(once).get();
                    }
                    return true;
                }
                pool.submit(once).get();
                double[] wall = new double[repeat];
                double[] cpu = new double[repeat];
                for (int r = 0; r < repeat; r++) {
                    long c0 = workerCpuNanos(workers);
                    long t0 = System.nanoTime();
                    pool.submit(once).get();
                    wall[r] = (System.nanoTime() - t0) * 1e-9;
                    cpu[r] = (workerCpuNanos(workers) - c0) * 1e-9;
                }
                double sec = median(wall);
                double cpuSec = median(cpu);
                out.printf(Locale.ROOT, "%-24s %-8s %7d %6d %8d %10d %12.1f %12.0f %12.1f %14.0f%n",
                        name, d.rank() == 0 ? "scalar" : "vector", t, s.size(), entries[0],
                        d.components(), 1e3 * sec, s.size() / sec, 1e3 * cpuSec, s.size() / cpuSec);
                out.flush();
                return true;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(ex.getCause());
            } finally {
                pool.shutdown();
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /**
     * CPU time used so far by the benchmark's worker threads (excludes JIT compiler and GC threads, and
     * time the threads spent descheduled on a busy machine).
     */
    @SuppressWarnings("deprecation") // Thread.threadId() needs Java 19; the build targets 17
    static long workerCpuNanos(List<Thread> workers) {
        java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread th : workers) {
            long c = tb.getThreadCpuTime(th.getId());
            if (c > 0) {
                sum += c;
            }
        }
        return sum;
    }

    /** 64 rigid H2O (r_OH = 0.9572 A, 104.52 deg) on a jittered 4x4x4 grid, random orientations, 12.43 A box. */
    static Structure waterBox(long seed) {
        Random rnd = new Random(seed);
        double box = 12.43, step = box / 4;
        double theta = Math.toRadians(104.52) / 2, roh = 0.9572;
        double[][] local = {{0, 0, 0}, {roh * Math.sin(theta), 0, roh * Math.cos(theta)},
            {-roh * Math.sin(theta), 0, roh * Math.cos(theta)}};
        double[] pos = new double[3 * 192];
        String[] sym = new String[192];
        int k = 0;
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 4; c++) {
                    double[] o = {(a + 0.5) * step + 0.3 * (rnd.nextDouble() - 0.5),
                        (b + 0.5) * step + 0.3 * (rnd.nextDouble() - 0.5), (c + 0.5) * step + 0.3 * (rnd.nextDouble() - 0.5)};
                    double[] rot = Mat3.rotation(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()},
                            2 * Math.PI * rnd.nextDouble());
                    for (int m = 0; m < 3; m++) {
                        for (int x = 0; x < 3; x++) {
                            double v = o[x];
                            for (int y = 0; y < 3; y++) {
                                v += rot[3 * x + y] * local[m][y];
                            }
                            pos[3 * k + x] = v;
                        }
                        sym[k++] = m == 0 ? "O" : "H";
                    }
                }
            }
        }
        return Structure.builder().symbols(sym).positions(pos).cell(Cell.orthorhombic(box, box, box)).build();
    }

    /** 2x2x2 cubic fluorite ZrO2 (a = 5.15 A, 96 atoms) with Gaussian displacements of 0.05 A. */
    static Structure zirconia(long seed) {
        Random rnd = new Random(seed + 17);
        double a = 5.15;
        double[][] zr = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
        List<double[]> p = new ArrayList<>();
        List<String> sym = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    for (double[] f : zr) {
                        p.add(new double[] {(i + f[0]) * a, (j + f[1]) * a, (k + f[2]) * a});
                        sym.add("Zr");
                    }
                    for (int x = 0; x < 2; x++) {
                        for (int y = 0; y < 2; y++) {
                            for (int z = 0; z < 2; z++) {
                                p.add(new double[] {(i + 0.25 + 0.5 * x) * a, (j + 0.25 + 0.5 * y) * a,
                                    (k + 0.25 + 0.5 * z) * a});
                                sym.add("O");
                            }
                        }
                    }
                }
            }
        }
        double[] pos = new double[3 * p.size()];
        for (int i = 0; i < p.size(); i++) {
            for (int c = 0; c < 3; c++) {
                pos[3 * i + c] = p.get(i)[c] + 0.05 * rnd.nextGaussian();
            }
        }
        return Structure.builder().symbols(sym.toArray(new String[0])).positions(pos)
                .cell(Cell.orthorhombic(2 * a, 2 * a, 2 * a)).build();
    }

    /**
     * Minimal reader of the first frame of an extended-XYZ file (count line, comment line with Lattice="..."
     * and Properties with species:S:1:pos:R:3, atom lines). Only for benchmarking; the project's readers live
     * in org.zstar.io.
     */
    static Structure readFirstXyzFrame(Path file) {
        try (BufferedReader r = InputFiles.reader(file)) {
            String first = r.readLine();
            if (first == null) {
                throw new InputFormatException(file, 1, "empty file");
            }
            int n;
            try {
                n = Integer.parseInt(first.trim());
            } catch (NumberFormatException ex) {
                throw new InputFormatException(file, 1, "expected the number of atoms, got '" + first.trim() + "'");
            }
            String comment = r.readLine();
            if (comment == null) {
                throw new InputFormatException(file, 2, "missing comment line");
            }
            Cell cell = null;
            int li = comment.indexOf("Lattice=\"");
            if (li >= 0) {
                int end = comment.indexOf('"', li + 9);
                String[] t = comment.substring(li + 9, end).trim().split("\\s+");
                if (t.length != 9) {
                    throw new InputFormatException(file, 2, "Lattice needs 9 numbers");
                }
                double[] lat = new double[9];
                for (int k = 0; k < 9; k++) {
                    lat[k] = Double.parseDouble(t[k]);
                }
                cell = new Cell(lat, new boolean[] {true, true, true});
            }
            // column of species and of pos from Properties (default species:S:1:pos:R:3)
            int speciesCol = 0, posCol = 1;
            int pi = comment.indexOf("Properties=");
            if (pi >= 0) {
                String props = comment.substring(pi + 11).split("\\s+")[0];
                String[] f = props.split(":");
                int col = 0;
                for (int k = 0; k + 2 < f.length; k += 3) {
                    if (f[k].equalsIgnoreCase("species")) {
                        speciesCol = col;
                    } else if (f[k].equalsIgnoreCase("pos")) {
                        posCol = col;
                    }
                    col += Integer.parseInt(f[k + 2]);
                }
            }
            String[] sym = new String[n];
            double[] pos = new double[3 * n];
            for (int i = 0; i < n; i++) {
                String line = r.readLine();
                if (line == null) {
                    throw new InputFormatException(file, 3 + i, "file ends before atom " + (i + 1) + " of " + n);
                }
                String[] t = line.trim().split("\\s+");
                try {
                    sym[i] = t[speciesCol];
                    for (int c = 0; c < 3; c++) {
                        pos[3 * i + c] = Double.parseDouble(t[posCol + c]);
                    }
                } catch (RuntimeException ex) {
                    throw new InputFormatException(file, 3 + i, "cannot read species and position");
                }
            }
            return Structure.builder().symbols(sym).positions(pos).cell(cell).build();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
