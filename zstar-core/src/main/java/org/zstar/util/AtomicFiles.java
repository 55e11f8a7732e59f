package org.zstar.util;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes files so that nothing half-written is ever left behind: content goes to a temporary file in the
 * same folder, which is moved over the target only when writing succeeded.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Something that writes to a stream and may fail. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * Writes the content.
         *
         * @param out the stream to the temporary file
         * @throws IOException when writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /** Something that writes text and may fail. */
    @FunctionalInterface
    public interface TextWriter {
        /**
         * Writes the content.
         *
         * @param out the UTF-8 writer to the temporary file
         * @throws IOException when writing fails
         */
        void write(Writer out) throws IOException;
    }

    /**
     * Writes a file atomically: the body writes a temporary file in the same folder, which is then moved into place.
     *
     * @param target the destination
     * @param body writes the content
     */
    public static void write(Path target, StreamWriter body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            tmp = createSibling(target);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                body.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw failure(target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the target
                }
            }
        }
    }

    /**
     * A new, empty hidden file next to the target. Created without explicit permissions, so that it gets the
     * usual mode of new files (0666 less the umask: 0644 under umask 022), unlike Files.createTempFile (0600).
     */
    private static Path createSibling(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** The error names the target (not the temporary file) and says why in words. */
    private static RuntimeException failure(Path target, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            why = "no such folder";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason();
        } else if (e instanceof FileSystemException) {
            why = e.getClass().getSimpleName().replace("Exception", "");
        } else {
            why = String.valueOf(e.getMessage());
        }
        Path dir = target.toAbsolutePath().getParent();
        if (Files.isDirectory(target)) {
            why = "it is a directory";
        } else if (dir != null) {
            for (Path d = dir; d != null; d = d.getParent()) {
                if (Files.exists(d) && !Files.isDirectory(d)) {
                    why = d + " is a file, not a folder";
                    break;
                }
            }
        }
        String message = "cannot write " + target + ": " + why;
        if (e instanceof FileSystemException) {
            // the user's to fix: permissions, a missing or read-only folder, a full disk
            return new UserInputException(message, e);
        }
        return new UncheckedIOException(message, e);
    }

    /**
     * Writes a text file atomically (UTF-8).
     *
     * @param target the destination
     * @param body writes the content
     */
    public static void writeText(Path target, TextWriter body) {
        write(target, out -> {
            Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        });
    }

    /**
     * Writes a string to a file atomically (UTF-8).
     *
     * @param target the destination
     * @param content the content
     */
    public static void writeString(Path target, String content) {
        writeText(target, w -> w.write(content));
    }
}
