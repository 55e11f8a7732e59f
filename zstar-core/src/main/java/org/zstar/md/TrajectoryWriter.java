package org.zstar.md;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.zstar.io.ExtXyzWriter;
import org.zstar.structure.Structure;

/**
 * Observer writing the trajectory as extended XYZ ({@code PREFIX.xyz}): unwrapped positions, velocities (A/fs),
 * forces, energy, stress, and the step and time ({@code step}, {@code time_fs}) in the comment line. One frame
 * per call, each written whole ({@link RecordFile}).
 */
public final class TrajectoryWriter implements MdObserver, AutoCloseable {
    private final RecordFile file;

    /**
     * An extended XYZ trajectory, written frame by frame.
     *
     * @param path the file
     */
    public TrajectoryWriter(Path path) {
        this.file = new RecordFile(path, null);
    }

    /** {@return the file written} */
    public Path path() {
        return file.path();
    }

    @Override
    public void observe(MolecularDynamics md) {
        Structure s = md.snapshot().toBuilder().info("step", md.stepCount()).info("time_fs", md.time()).build();
        StringWriter w = new StringWriter();
        try {
            ExtXyzWriter.write(w, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file.append(w.toString());
    }

    @Override
    public void close() {
        file.close();
    }
}
