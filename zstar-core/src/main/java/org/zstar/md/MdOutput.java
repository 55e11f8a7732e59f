package org.zstar.md;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.zstar.io.ExtXyzWriter;
import org.zstar.structure.Structure;

/**
 * Streaming output of an MD run: {@code PREFIX.xyz} (extended XYZ with unwrapped positions, velocities A/fs,
 * forces, energy, stress, and the step and time in the comment line), {@code PREFIX-thermo.csv} (step, time_fs,
 * potential_eV, kinetic_eV, total_eV, temperature_K, conserved_eV) and, when asked, {@code PREFIX-dmdt.csv}
 * (time_fs, dMx/dt, dMy/dt, dMz/dt in e*A/fs). Every record (a whole frame, a whole line) is written with one
 * write call and flushed at once, so an interrupted run leaves complete files up to its last record. Existing
 * files of the same prefix are replaced when the run starts.
 */
public final class MdOutput implements AutoCloseable {
    private final Path xyz;
    private final Path thermo;
    private final Path dmdt;
    private final FileChannel xyzChannel;
    private final FileChannel thermoChannel;
    private final FileChannel dmdtChannel;

    public MdOutput(Path prefix, boolean withDmdt) {
        String base = prefix.getFileName().toString();
        this.xyz = prefix.resolveSibling(base + ".xyz");
        this.thermo = prefix.resolveSibling(base + "-thermo.csv");
        this.dmdt = withDmdt ? prefix.resolveSibling(base + "-dmdt.csv") : null;
        this.xyzChannel = open(xyz);
        this.thermoChannel = open(thermo);
        this.dmdtChannel = dmdt == null ? null : open(dmdt);
        write(thermoChannel, "step,time_fs,potential_eV,kinetic_eV,total_eV,temperature_K,conserved_eV\n");
        if (dmdtChannel != null) {
            write(dmdtChannel, "time_fs,dMx_dt,dMy_dt,dMz_dt,volume_A3\n");
        }
    }

    private static FileChannel open(Path p) {
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    private static void write(FileChannel ch, String text) {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path xyzPath() {
        return xyz;
    }

    public Path thermoPath() {
        return thermo;
    }

    public Path dmdtPath() {
        return dmdt;
    }

    /** Appends the current state as one extended-XYZ frame. */
    public void frame(MolecularDynamics md) {
        Structure s = md.snapshot().toBuilder().info("step", md.stepCount()).info("time_fs", md.time()).build();
        StringWriter w = new StringWriter();
        try {
            ExtXyzWriter.write(w, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(xyzChannel, w.toString());
    }

    /** Appends one thermodynamics line. */
    public void thermo(MolecularDynamics md) {
        double pot = md.potentialEnergy();
        double kin = md.kineticEnergy();
        write(thermoChannel, String.format(Locale.ROOT, "%d,%.6f,%.10g,%.10g,%.10g,%.6f,%.10g%n", md.stepCount(),
                md.time(), pot, kin, pot + kin, md.temperature(), md.conservedEnergy()));
    }

    /** Appends one dM/dt line (e*A/fs) with the cell volume (A^3; NaN for a molecule, written empty). */
    public void dmdt(double time, double[] d, double volume) {
        String v = Double.isNaN(volume) ? "" : String.format(Locale.ROOT, "%.8g", volume);
        write(dmdtChannel, String.format(Locale.ROOT, "%.6f,%.10g,%.10g,%.10g,%s%n", time, d[0], d[1], d[2], v));
    }

    @Override
    public void close() {
        try {
            xyzChannel.close();
            thermoChannel.close();
            if (dmdtChannel != null) {
                dmdtChannel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
