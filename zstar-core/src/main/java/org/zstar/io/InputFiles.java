package org.zstar.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening input files: gzip is detected by its magic bytes, never by the file name. */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * Opens a file for reading, decompressing transparently when it starts with the gzip magic 1f 8b.
     *
     * @param path the file
     * @return the (decompressed) byte stream
     */
    public static InputStream open(Path path) {
        if (Files.isDirectory(path)) {
            throw new InputFormatException(path, 0, "is a directory, not a file");
        }
        if (!Files.isRegularFile(path)) {
            throw new InputFormatException(path, 0, "no such file");
        }
        try {
            BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            return in;
        } catch (IOException e) {
            throw new InputFormatException(path, 0, "cannot read: " + e.getMessage());
        }
    }

    /**
     * A UTF-8 reader on {@link #open(Path)}.
     *
     * @param path the file
     * @return the reader
     */
    public static BufferedReader reader(Path path) {
        return new BufferedReader(new InputStreamReader(open(path), StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * The whole (decompressed) content as a string; for small files only.
     *
     * @param path the file
     * @return the content
     */
    public static String readString(Path path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
