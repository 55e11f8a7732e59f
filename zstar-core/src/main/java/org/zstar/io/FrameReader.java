package org.zstar.io;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.zstar.structure.Structure;

/**
 * A lazy stream of frames from one file: frames are parsed one at a time, so trajectories of gigabytes
 * never need to fit in memory. Errors are {@link InputFormatException}s naming file and line.
 */
public interface FrameReader extends Iterable<Structure>, AutoCloseable {

    /**
     * The next frame, or null at the end of the file.
     *
     * @return the frame
     */
    Structure readNext();

    /**
     * Name of the source (file path) for messages.
     *
     * @return the name
     */
    String source();

    @Override
    void close();

    /**
     * The remaining frames, for for-each loops: {@code try (FrameReader r = ...) { for (Structure s : r) ... }}.
     * Single use (a reader is a stream); it peeks one frame ahead and does not close the reader.
     */
    @Override
    default Iterator<Structure> iterator() {
        return new Iterator<>() {
            private Structure next = readNext();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Structure next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Structure s = next;
                next = readNext();
                return s;
            }
        };
    }

    /**
     * Reads all remaining frames and closes the reader.
     *
     * @return the frames, in order
     */
    default List<Structure> readAll() {
        List<Structure> out = new ArrayList<>();
        try (this) {
            Structure s;
            while ((s = readNext()) != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * An {@link Iterable} that peeks one frame ahead; for for-each loops. Closes the reader at the end.
     *
     * @param reader the reader, closed at the end of the iteration
     * @return the iterable
     */
    static Iterable<Structure> iterate(FrameReader reader) {
        return () -> new Iterator<>() {
            private Structure next = reader.readNext();

            @Override
            public boolean hasNext() {
                if (next == null) {
                    reader.close();
                }
                return next != null;
            }

            @Override
            public Structure next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Structure s = next;
                next = reader.readNext();
                return s;
            }
        };
    }
}
