package org.zstar.util;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A text file written incrementally (frames of a trajectory, rows of a table) that appears at its target path
 * only on {@link #commit()}: until then it is a hidden temporary file in the same folder, removed by
 * {@link #abort()} or by {@link #close()} without commit. The committed file gets the usual permissions
 * (rw-r--r--) instead of the temporary file's rw-------.
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final Writer writer;
    private boolean done;

    private AtomicOutput(Path target, Path tmp, Writer writer) {
        this.target = target;
        this.tmp = tmp;
        this.writer = writer;
    }

    /**
     * Starts writing {@code target} (its folder is created when missing).
     *
     * @param target the destination
     * @return the output
     */
    public static AtomicOutput open(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8));
            return new AtomicOutput(target, tmp, w);
        } catch (IOException e) {
            throw new UserInputException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** {@return the writer of the content} */
    public Writer writer() {
        return writer;
    }

    /** {@return the final path} */
    public Path target() {
        return target;
    }

    /** Flushes, closes and moves the file into place. */
    public void commit() {
        if (done) {
            return;
        }
        done = true;
        try {
            writer.close();
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteTemp();
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Drops what was written; the target is left as it was. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            writer.close();
        } catch (IOException ignored) {
            // the file is deleted next
        }
        deleteTemp();
    }

    /** Aborts unless committed. */
    @Override
    public void close() {
        abort();
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: the temporary file is hidden and named after the target
        }
    }
}
