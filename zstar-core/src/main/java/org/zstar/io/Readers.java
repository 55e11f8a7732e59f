package org.zstar.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.zstar.structure.Structure;

/** Opens any supported input: the format comes from {@link ReadOptions#format()} or is detected. */
public final class Readers {
    /** How many leading lines detection looks at (OUTCAR and pw.x outputs name themselves early). */
    private static final int HEAD_LINES = 40;
    /** Lines longer than this are cut for detection (extended XYZ comment lines can be megabytes). */
    private static final int HEAD_LINE_CHARS = 400;

    private Readers() {
    }

    /**
     * A streaming reader on a file (or, for Quantum ESPRESSO, a folder holding pw.x and ph.x outputs).
     *
     * @param path the file or folder
     * @param options the reading options (null: defaults)
     * @return the reader
     */
    public static FrameReader open(Path path, ReadOptions options) {
        ReadOptions opts = options == null ? ReadOptions.DEFAULTS : options;
        Format format = opts.format() != null ? opts.format() : detect(path);
        FrameReader reader = format.open(path, opts);
        return opts.lastFrameOnly() ? lastOnly(reader) : reader;
    }

    /**
     * A streaming reader on several files read one after the other (consecutive parts of one trajectory): each
     * file is opened when the one before it ends, and closed at its end; {@link FrameReader#source()} names the
     * file being read. Frames are parsed one at a time, as by {@link #open}.
     *
     * @param paths the files, in order
     * @param options the reading options (null: defaults)
     * @return the joined reader
     */
    public static FrameReader openJoined(List<Path> paths, ReadOptions options) {
        List<Path> files = List.copyOf(paths);
        return new FrameReader() {
            private int next;
            private FrameReader current;

            @Override
            public Structure readNext() {
                while (true) {
                    if (current == null) {
                        if (next >= files.size()) {
                            return null;
                        }
                        current = open(files.get(next++), options);
                    }
                    Structure s = current.readNext();
                    if (s != null) {
                        return s;
                    }
                    current.close();
                    current = null;
                }
            }

            @Override
            public String source() {
                if (current != null) {
                    return current.source();
                }
                return files.isEmpty() ? "" : files.get(Math.max(0, Math.min(next, files.size()) - 1)).toString();
            }

            @Override
            public void close() {
                if (current != null) {
                    current.close();
                    current = null;
                }
                next = files.size();
            }
        };
    }

    /**
     * Reads all frames of all paths, in order.
     *
     * @param paths the files, in order
     * @param options the reading options (null: defaults)
     * @return all frames
     */
    public static List<Structure> readAll(List<Path> paths, ReadOptions options) {
        List<Structure> out = new ArrayList<>();
        for (Path p : paths) {
            out.addAll(open(p, options).readAll());
        }
        return out;
    }

    /**
     * The format of a path, from its content first and its name second.
     *
     * @param path the file or folder
     * @return the detected format
     */
    public static Format detect(Path path) {
        if (Files.isDirectory(path)) {
            if (QeDirectoryReader.looksLikeQeRun(path)) {
                return Format.QE_DIRECTORY;
            }
            throw new InputFormatException(path, 0, "is a directory, and not one holding a Quantum ESPRESSO "
                    + "pw.x output and ph.x output");
        }
        List<String> head = head(path);
        if (head.isEmpty()) {
            throw new InputFormatException(path, 1, "file is empty");
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        // Format's declaration order is the detection priority (content-recognised formats first)
        Optional<Format> found = Format.detect(name, head);
        if (found.isPresent()) {
            return found.get();
        }
        if (head.get(0).trim().matches("\\d+")) {
            return Format.EXTXYZ;
        }
        throw new InputFormatException(path, 0, "cannot tell the file format from its content or name; "
                + "give it with --format");
    }

    static List<String> head(Path path) {
        List<String> head = new ArrayList<>();
        try (LineReader r = new LineReader(path)) {
            String s;
            while (head.size() < HEAD_LINES && (s = r.next()) != null) {
                if (!s.isBlank()) {
                    head.add(s.length() > HEAD_LINE_CHARS ? s.substring(0, HEAD_LINE_CHARS) : s);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new InputFormatException(path, 0, "cannot read: " + e.getMessage());
        }
        return head;
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InputFormatException(dir, 0, "cannot list folder: " + e.getMessage());
        }
    }

    private static FrameReader lastOnly(FrameReader inner) {
        return new FrameReader() {
            private boolean done;

            @Override
            public Structure readNext() {
                if (done) {
                    return null;
                }
                done = true;
                Structure last = null;
                Structure s;
                while ((s = inner.readNext()) != null) {
                    last = s;
                }
                return last;
            }

            @Override
            public String source() {
                return inner.source();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }
}
