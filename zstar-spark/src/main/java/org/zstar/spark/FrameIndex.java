package org.zstar.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.zstar.io.InputFormatException;
import org.zstar.util.UserInputException;

/**
 * Where the frames of a large trajectory file start, found without reading the file in one place: each chunk (a
 * byte range) is scanned on its own for candidate frame starts ({@link #scan}), and the driver chains the
 * candidates of all chunks into the frames ({@link #chain}). A line belongs to the chunk in which its first byte
 * lies.
 *
 * <p>LAMMPS text dumps: a frame starts at every {@code ITEM: TIMESTEP} line. Extended XYZ: a candidate is a line
 * holding one integer N (a comment line might too), and its frame ends N + 1 lines later; the scan records where
 * the next non-blank line after that starts (reading past the chunk's end when the frame does), and the chain
 * walks from the first frame to the next, so that a comment line that happens to be an integer is skipped.
 *
 * <p>Gzip files cannot be entered at a byte offset: such a file is one chunk, scanned by one task that streams
 * the decompressed bytes once, and every offset (and the size) is one of the decompressed stream. A reader of
 * frame i decompresses again from the start and skips to the offset ({@code Trajectory}); decompression is some
 * hundred times faster than predicting the frames (docs/SPARK.md, "Gzip").
 */
public final class FrameIndex {
    /** The two formats that can be split at frame starts. */
    public enum Kind {
        EXTXYZ, LAMMPS
    }

    private static final byte[] TIMESTEP = "ITEM: TIMESTEP".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of a line kept for recognising a frame start (longer lines are atom or comment lines). */
    private static final int HEAD = 40;
    private static final int BUFFER = 1 << 20;

    private FrameIndex() {
    }

    /**
     * Candidates of one chunk. Line numbers are kept relative to the chunk (newlines in {@code [start, offset)}),
     * the driver adds the newlines of the chunks before.
     *
     * @param newlines newline bytes in {@code [start, end)}
     * @param firstLine offset of the first non-blank line that starts in the chunk, -1 if none
     * @param firstLineDelta newlines in {@code [start, firstLine)}
     * @param offsets candidate frame starts
     * @param lineDeltas newlines in {@code [start, offset)} per candidate
     * @param next extended XYZ: start of the next non-blank line after the candidate's frame, the file size at
     *        the end, -1 when the file ends inside the frame; LAMMPS: unused
     * @param nextLineDeltas lines from the candidate's line to that of {@code next}
     */
    public record ChunkScan(int file, long start, long end, long newlines, long firstLine, long firstLineDelta,
            long[] offsets, long[] lineDeltas, long[] next, long[] nextLineDeltas) implements Serializable {
    }

    /**
     * A byte range of a file to scan; of a gzip file ({@code gzip}), the whole decompressed stream
     * ({@code end = Long.MAX_VALUE}: its length is known only once it is read).
     */
    public record Chunk(int file, String path, Kind kind, boolean gzip, long start, long end) implements Serializable {
        public Chunk(int file, String path, Kind kind, long start, long end) {
            this(file, path, kind, false, start, end);
        }
    }

    /**
     * The frames of one file: start offsets and their 1-based line numbers, and the file size (of a gzip file:
     * offsets and size of the decompressed stream).
     */
    public record FileFrames(String path, Kind kind, boolean gzip, long size, long[] offsets, long[] lines)
            implements Serializable {
        public int frames() {
            return offsets.length;
        }

        /** Where frame i ends (the next frame's start, or the end of the file). */
        public long end(int i) {
            return i + 1 < offsets.length ? offsets[i + 1] : size;
        }
    }

    /** The chunks of a file of {@code size} bytes, each at most {@code chunkBytes} long. */
    public static List<Chunk> chunks(int file, String path, Kind kind, long size, long chunkBytes) {
        return chunks(file, path, kind, false, size, chunkBytes);
    }

    /** As {@link #chunks(int, String, Kind, long, long)}; a gzip file is one chunk, its whole decompressed stream. */
    public static List<Chunk> chunks(int file, String path, Kind kind, boolean gzip, long size, long chunkBytes) {
        if (gzip) {
            return List.of(new Chunk(file, path, kind, true, 0, Long.MAX_VALUE));
        }
        List<Chunk> out = new ArrayList<>();
        for (long s = 0; s < size; s += chunkBytes) {
            out.add(new Chunk(file, path, kind, s, Math.min(size, s + chunkBytes)));
        }
        return out;
    }

    /** A growing list of longs. */
    private static final class Longs {
        long[] a = new long[64];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** An extended-XYZ candidate whose frame end is still ahead. */
    private static final class Pending {
        final int index;
        long linesLeft; // comment and atom lines still to pass
        long lines;     // lines passed since the candidate's line

        Pending(int index, long linesLeft) {
            this.index = index;
            this.linesLeft = linesLeft;
        }
    }

    /** Scans one chunk (see the class comment); of a gzip file, the scan's {@code end} is the decompressed size. */
    public static ChunkScan scan(Chunk chunk) {
        Path path = Path.of(chunk.path());
        if (chunk.gzip()) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(path), BUFFER)) {
                return new Scanner(chunk, null, in).run();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + chunk.path() + ": " + e.getMessage(), e);
            }
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return new Scanner(chunk, ch, null).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + chunk.path() + ": " + e.getMessage(), e);
        }
    }

    /** The byte loop of {@link #scan}: positioned reads of a plain file, or one sequential pass of a stream. */
    private static final class Scanner {
        private final Chunk chunk;
        private final FileChannel ch;
        private final InputStream stream;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        private long pos;           // offset of the next byte
        private long newlines;      // newline bytes in [start, min(pos, end))
        private final byte[] head = new byte[HEAD];
        private final Longs offsets = new Longs();
        private final Longs lineDeltas = new Longs();
        private final Longs next = new Longs();
        private final Longs nextLineDeltas = new Longs();
        private final List<Pending> pending = new ArrayList<>();
        private long firstLine = -1;
        private long firstLineDelta;

        private final long size; // of a stream: unknown, Long.MAX_VALUE

        Scanner(Chunk chunk, FileChannel ch, InputStream stream) throws IOException {
            this.chunk = chunk;
            this.ch = ch;
            this.stream = stream;
            this.size = ch != null ? ch.size() : Long.MAX_VALUE;
        }

        private int fill() throws IOException {
            buf.clear();
            int got;
            if (stream != null) {
                got = stream.read(buf.array(), 0, buf.capacity()); // sequential: pos is where the stream is
                buf.position(Math.max(0, got));
            } else {
                got = ch.read(buf, pos);
            }
            buf.flip();
            return got;
        }

        private int read() throws IOException {
            if (!buf.hasRemaining() && fill() <= 0) {
                return -1;
            }
            byte b = buf.get();
            if (b == '\n' && pos >= chunk.start() && pos < chunk.end()) {
                newlines++;
            }
            pos++;
            return b & 0xff;
        }

        ChunkScan run() throws IOException {
            pos = chunk.start();
            buf.limit(0);
            if (chunk.start() > 0) {
                pos = chunk.start() - 1;
                int b;
                do {
                    b = read(); // the line that started in the chunk before is not ours
                } while (b != '\n' && b != -1);
            }
            while (pos < chunk.end() || !pending.isEmpty()) {
                long lineStart = pos;
                long lineDelta = newlines;
                int len = 0;
                boolean blank = true;
                int b;
                while ((b = read()) != '\n' && b != -1) {
                    if (len < HEAD) {
                        head[len] = (byte) b;
                    }
                    len++;
                    blank &= b == ' ' || b == '\t' || b == '\r';
                }
                if (len == 0 && b == -1) {
                    break; // end of file
                }
                line(lineStart, lineDelta, Math.min(len, HEAD), len > HEAD, blank);
                if (b == -1) {
                    break;
                }
            }
            for (Pending p : pending) {
                next.a[p.index] = p.linesLeft > 0 ? -1 : pos;
                nextLineDeltas.a[p.index] = p.lines;
            }
            long end = stream != null ? pos : chunk.end(); // a stream was read to its end
            return new ChunkScan(chunk.file(), chunk.start(), end, newlines, firstLine, firstLineDelta,
                    offsets.toArray(), lineDeltas.toArray(), Arrays.copyOf(next.a, offsets.n),
                    Arrays.copyOf(nextLineDeltas.a, offsets.n));
        }

        private void line(long lineStart, long lineDelta, int len, boolean longLine, boolean blank) {
            for (int k = pending.size() - 1; k >= 0; k--) {
                Pending p = pending.get(k);
                p.lines++;
                if (p.linesLeft > 0) {
                    p.linesLeft--;
                } else if (!blank) {
                    next.a[p.index] = lineStart;
                    nextLineDeltas.a[p.index] = p.lines;
                    pending.remove(k);
                }
            }
            boolean owned = lineStart < chunk.end();
            if (!owned || blank) {
                return;
            }
            if (firstLine < 0) {
                firstLine = lineStart;
                firstLineDelta = lineDelta;
            }
            long atoms = longLine ? -1 : candidate(len);
            // N atom lines of at least two bytes each must fit in the rest of the file
            if (atoms >= 0 && (chunk.kind() == Kind.LAMMPS || 2 * (atoms + 1) <= size - lineStart)) {
                offsets.add(lineStart);
                lineDeltas.add(lineDelta);
                next.add(-1);
                nextLineDeltas.add(0);
                if (chunk.kind() == Kind.EXTXYZ) {
                    pending.add(new Pending(offsets.n - 1, atoms + 1));
                }
            }
        }

        /** Extended XYZ: the atom count of a line holding one integer; LAMMPS: 0 for ITEM: TIMESTEP; else -1. */
        private long candidate(int len) {
            int i = 0;
            while (i < len && (head[i] == ' ' || head[i] == '\t')) {
                i++;
            }
            if (chunk.kind() == Kind.LAMMPS) {
                if (len - i < TIMESTEP.length) {
                    return -1;
                }
                for (int k = 0; k < TIMESTEP.length; k++) {
                    if (head[i + k] != TIMESTEP[k]) {
                        return -1;
                    }
                }
                return 0;
            }
            long v = 0;
            int digits = 0;
            for (; i < len && head[i] >= '0' && head[i] <= '9'; i++, digits++) {
                v = 10 * v + (head[i] - '0');
            }
            while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r')) {
                i++;
            }
            return digits > 0 && digits < 12 && i == len ? v : -1;
        }
    }

    /**
     * The frames of one file from the scans of all its chunks (in file order). Errors name the file and line:
     * text before the first frame, or where a frame should start but none does.
     */
    public static FileFrames chain(String path, Kind kind, long size, List<ChunkScan> scans) {
        return chain(path, kind, false, size, scans);
    }

    /**
     * The frames of a file from its scans (as {@link #chain(String, Kind, long, List)}); {@code size} is the file's
     * size, or of a gzip file the decompressed size (the end of its one scan).
     */
    public static FileFrames chain(String path, Kind kind, boolean gzip, long size, List<ChunkScan> scans) {
        Longs offsets = new Longs();
        Longs lines = new Longs();
        Longs next = new Longs();
        Longs nextLines = new Longs();
        long base = 1;
        long firstLine = -1;
        long firstLineNo = 0;
        for (ChunkScan s : scans) {
            if (firstLine < 0 && s.firstLine() >= 0) {
                firstLine = s.firstLine();
                firstLineNo = base + s.firstLineDelta();
            }
            for (int i = 0; i < s.offsets().length; i++) {
                offsets.add(s.offsets()[i]);
                lines.add(base + s.lineDeltas()[i]);
                next.add(s.next()[i]);
                nextLines.add(base + s.lineDeltas()[i] + s.nextLineDeltas()[i]);
            }
            base += s.newlines();
        }
        if (firstLine < 0) {
            throw new InputFormatException(path, 1, "file is empty");
        }
        String what = kind == Kind.LAMMPS ? "ITEM: TIMESTEP" : "the atom count of an extended-XYZ frame";
        if (offsets.n == 0 || offsets.a[0] != firstLine) {
            throw new InputFormatException(path, firstLineNo, "expected " + what);
        }
        if (kind == Kind.LAMMPS) {
            return new FileFrames(path, kind, gzip, size, offsets.toArray(), lines.toArray());
        }
        Longs chainOffsets = new Longs();
        Longs chainLines = new Longs();
        int i = 0;
        while (true) {
            chainOffsets.add(offsets.a[i]);
            chainLines.add(lines.a[i]);
            long n = next.a[i];
            if (n < 0 || n >= size) {
                break; // the end, or a truncated last frame (its reader names the line)
            }
            int j = Arrays.binarySearch(offsets.a, i + 1, offsets.n, n);
            if (j < 0) {
                throw new InputFormatException(path, nextLines.a[i], "expected " + what
                        + " (more atom lines than the count line of the frame at line " + lines.a[i] + " declared?)");
            }
            i = j;
        }
        return new FileFrames(path, kind, gzip, size, chainOffsets.toArray(), chainLines.toArray());
    }

    /** The format of a trajectory for splitting, or a {@link UserInputException} for the others. */
    public static Kind kind(org.zstar.io.Format format, String path) {
        return switch (format) {
            case EXTXYZ -> Kind.EXTXYZ;
            case LAMMPS_DUMP -> Kind.LAMMPS;
            default -> throw new UserInputException(path + ": zstar spark splits extended-XYZ and LAMMPS text dump "
                    + "trajectories, not " + format.cliName() + " files");
        };
    }
}
