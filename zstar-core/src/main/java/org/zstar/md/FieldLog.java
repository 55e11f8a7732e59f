package org.zstar.md;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@code PREFIX-field.csv} of an MD run in a field: step, time_fs, Ex_V_A, Ey_V_A, Ez_V_A, Px_eA, Py_eA, Pz_eA
 * (the polarisation of docs/THEORY.md (EF2), integrated along the run in periodic cells (EF2a)) and field_energy_eV ({@code -E.P}, already part of
 * the thermo file's potential and conserved energies). One write call per line, flushed at once.
 */
public final class FieldLog implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;

    /**
     * A log of the field, polarisation and field energy, written to PREFIX-field.csv.
     *
     * @param prefix the output prefix
     */
    public FieldLog(Path prefix) {
        this.path = prefix.resolveSibling(prefix.getFileName() + "-field.csv");
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        write("step,time_fs,Ex_V_A,Ey_V_A,Ez_V_A,Px_eA,Py_eA,Pz_eA,field_energy_eV\n");
    }

    /** {@return the file written} */
    public Path path() {
        return path;
    }

    /**
     * Appends the state of the last force evaluation (call after each MD step, and once before the first).
     *
     * @param step the MD step
     * @param ff the force field whose last evaluation is logged
     */
    public void record(long step, FieldForceField ff) {
        double[] e = ff.lastField();
        double[] p = ff.lastPolarization();
        write(String.format(Locale.ROOT, "%d,%.6f,%.8g,%.8g,%.8g,%.10g,%.10g,%.10g,%.10g%n", step, ff.lastTime(), e[0],
                e[1], e[2], p[0], p[1], p[2], ff.lastFieldEnergy()));
    }

    private void write(String text) {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
