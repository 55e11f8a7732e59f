package org.zstar.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Arrays of doubles stored one after another as little-endian binary (scratch files of the shared design, not an
 * interchange format): written to a temp file and moved into place, read back into arrays of known lengths.
 */
final class DoubleFiles {
    private static final int CHUNK = 1 << 17; // doubles per I/O buffer (1 MB)

    private DoubleFiles() {
    }

    static void write(Path file, double[]... arrays) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(8 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] a : arrays) {
                for (int off = 0; off < a.length; off += CHUNK) {
                    int len = Math.min(CHUNK, a.length - off);
                    buf.clear();
                    buf.asDoubleBuffer().put(a, off, len);
                    buf.limit(8 * len);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + file, e);
        }
    }

    /** Reads the file into the arrays (their lengths must add up to the file's), adding to them when {@code add}. */
    static void read(Path file, double[][] arrays, boolean add) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long expected = 0;
            for (double[] a : arrays) {
                expected += 8L * a.length;
            }
            if (ch.size() != expected) {
                throw new IllegalStateException(file + " holds " + ch.size() + " bytes, expected " + expected);
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(8 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            double[] tmp = new double[CHUNK];
            for (double[] a : arrays) {
                for (int off = 0; off < a.length; off += CHUNK) {
                    int len = Math.min(CHUNK, a.length - off);
                    buf.clear();
                    buf.limit(8 * len);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf) < 0) {
                            throw new IllegalStateException("unexpected end of " + file);
                        }
                    }
                    buf.flip();
                    if (add) {
                        buf.asDoubleBuffer().get(tmp, 0, len);
                        for (int k = 0; k < len; k++) {
                            a[off + k] += tmp[k];
                        }
                    } else {
                        buf.asDoubleBuffer().get(a, off, len);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
