package org.zstar.md;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An output file of a running simulation that is valid at every moment: each record (a whole frame, a whole
 * line) is written with one call on a file channel, so a run that stops (an exception, a guard, a kill between
 * records) leaves whole records only. An existing file is replaced when it is opened.
 */
public final class RecordFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;

    /**
     * Creates (or truncates) {@code path}, creating missing parent folders, and writes {@code header} if not null.
     *
     * @param path the file
     * @param header the first line(s), or null for none
     */
    public RecordFile(Path path, String header) {
        this.path = path;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        if (header != null) {
            append(header);
        }
    }

    /** {@return the file written} */
    public Path path() {
        return path;
    }

    /**
     * Appends one whole record.
     *
     * @param record the record, with its line end
     */
    public void append(String record) {
        ByteBuffer buf = ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
