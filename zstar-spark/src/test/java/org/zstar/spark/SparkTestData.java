package org.zstar.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.zstar.io.ExtXyzWriter;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/** Small synthetic inputs for the Spark tests: rock-salt cells with BECs, and trajectories. */
final class SparkTestData {
    static final double A = 5.64;

    private SparkTestData() {
    }

    /** Eight-atom NaCl cells, atoms displaced at random, with BECs q I plus a smooth function of the positions. */
    static List<Structure> cells(int frames, long seed) {
        Random rnd = new Random(seed);
        List<Structure> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            double[] r = rockSalt(rnd, 0.25);
            String[] sym = symbols();
            double[] z = new double[9 * 8];
            for (int j = 0; j < 8; j++) {
                double q = sym[j].equals("Na") ? 1.1 : -1.1;
                double w = 0.2 * Math.sin(2 * Math.PI * r[3 * j] / A) + 0.1 * Math.cos(2 * Math.PI * r[3 * j + 1] / A);
                for (int k = 0; k < 9; k++) {
                    z[9 * j + k] = (k % 4 == 0 ? q : 0) + w * (k == 1 ? 1 : k == 3 ? -0.5 : 0.3)
                            + 0.02 * rnd.nextGaussian();
                }
            }
            out.add(Structure.builder().symbols(sym).positions(r).cell(Cell.orthorhombic(A, A, A)).bec(z).build());
        }
        return out;
    }

    static String[] symbols() {
        String[] s = new String[8];
        for (int j = 0; j < 8; j++) {
            s[j] = j < 4 ? "Na" : "Cl";
        }
        return s;
    }

    static double[] rockSalt(Random rnd, double jitter) {
        double[][] na = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        double[] r = new double[24];
        for (int j = 0; j < 8; j++) {
            double[] f = na[j % 4];
            for (int k = 0; k < 3; k++) {
                double x = (f[k] + (j < 4 ? 0 : (k == 0 ? 0.5 : 0))) * A + jitter * rnd.nextGaussian();
                r[3 * j + k] = x - A * Math.floor(x / A);
            }
        }
        return r;
    }

    /**
     * A trajectory of the cell: atoms vibrating (some across the periodic boundary, written wrapped), with
     * velocities (A/fs) and time_fs, as zstar md writes it.
     */
    static List<Structure> trajectory(int frames, double dt, long seed) {
        Random rnd = new Random(seed);
        double[] r0 = rockSalt(rnd, 0.0);
        double[] amp = new double[24];
        double[] omega = new double[24];
        double[] phase = new double[24];
        for (int i = 0; i < 24; i++) {
            amp[i] = 0.1 + 0.2 * rnd.nextDouble();
            omega[i] = 0.02 + 0.05 * rnd.nextDouble();
            phase[i] = 2 * Math.PI * rnd.nextDouble();
        }
        List<Structure> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            double t = f * dt;
            double[] r = new double[24];
            double[] v = new double[24];
            for (int i = 0; i < 24; i++) {
                double x = r0[i] + amp[i] * Math.sin(omega[i] * t + phase[i]);
                r[i] = x - A * Math.floor(x / A);
                v[i] = amp[i] * omega[i] * Math.cos(omega[i] * t + phase[i]);
            }
            out.add(Structure.builder().symbols(symbols()).positions(r).cell(Cell.orthorhombic(A, A, A)).velocities(v)
                    .info("time_fs", t).build());
        }
        return out;
    }

    static void writeXyz(Path p, List<Structure> frames) {
        ExtXyzWriter.write(p, frames);
    }

    /** The same frames as a LAMMPS dump (metal units: velocities in A/ps), steps 0, stride, 2 stride, ... */
    static void writeDump(Path p, List<Structure> frames, int stride) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < frames.size(); f++) {
            Structure s = frames.get(f);
            sb.append("ITEM: TIMESTEP\n").append(f * stride).append("\nITEM: NUMBER OF ATOMS\n").append(s.size())
                    .append("\nITEM: BOX BOUNDS pp pp pp\n");
            for (int k = 0; k < 3; k++) {
                sb.append("0 ").append(A).append('\n');
            }
            sb.append("ITEM: ATOMS id type x y z vx vy vz\n");
            double[] r = s.positionsView();
            double[] v = s.atomArrayView(Structure.VELOCITIES);
            for (int j = 0; j < s.size(); j++) {
                sb.append(String.format(Locale.ROOT, "%d %d %.10f %.10f %.10f %.10f %.10f %.10f%n", j + 1,
                        s.symbol(j).equals("Na") ? 1 : 2, r[3 * j], r[3 * j + 1], r[3 * j + 2], 1000 * v[3 * j],
                        1000 * v[3 * j + 1], 1000 * v[3 * j + 2]));
            }
        }
        Files.writeString(p, sb.toString());
    }

    /**
     * {@code src} gzip-compressed into {@code dst}, cut into {@code members} gzip members written one after the
     * other (as pigz or bgzip write them; readers go on through all members).
     */
    static Path gzip(Path src, Path dst, int members) throws IOException {
        byte[] all = Files.readAllBytes(src);
        try (java.io.OutputStream out = Files.newOutputStream(dst)) {
            for (int m = 0; m < members; m++) {
                int from = (int) ((long) all.length * m / members);
                int to = (int) ((long) all.length * (m + 1) / members);
                java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(
                        new java.io.FilterOutputStream(out) {
                            @Override
                            public void close() throws IOException {
                                flush(); // the member ends, the file goes on
                            }
                        });
                gz.write(all, from, to - from);
                gz.close();
            }
        }
        return dst;
    }

    /** Runs zstar (the single-machine CLI) and returns its exit code; output and errors into {@code log}. */
    static int zstar(StringWriter log, String... args) {
        picocli.CommandLine cl = org.zstar.cli.Main.newCommandLine();
        cl.setOut(new PrintWriter(log));
        cl.setErr(new PrintWriter(log));
        return cl.execute(args);
    }

    /** Runs zstar spark and returns its exit code. */
    static int spark(StringWriter log, String... args) {
        return SparkMain.execute(new PrintWriter(log, true), new PrintWriter(log, true), args);
    }
}
