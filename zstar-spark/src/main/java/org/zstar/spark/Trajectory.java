package org.zstar.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.zstar.io.ExtXyzReader;
import org.zstar.io.FrameReader;
import org.zstar.io.LammpsDumpReader;
import org.zstar.io.LineReader;
import org.zstar.io.ReadOptions;
import org.zstar.structure.Structure;

/**
 * The frames of one trajectory held in several files (consecutive parts, joined in order), as byte ranges: the
 * driver knows where each frame starts; an executor reads just the frames of its partition ({@link #open}).
 */
public final class Trajectory implements Serializable {
    /** How frames are parsed: the LAMMPS type map and velocity unit (extended XYZ needs nothing). */
    public record Reading(HashMap<Integer, String> lammpsTypes, double lammpsVelocityFactor) implements Serializable {
        public static Reading of(ReadOptions options) {
            return new Reading(new HashMap<>(options.lammpsTypes()), options.lammpsUnits().velocityToAngstromPerFs());
        }
    }

    /**
     * Consecutive frames of one file: {@code frames} frames from {@code start} (at line {@code line}) to {@code end};
     * of a gzip file, offsets into its decompressed stream.
     */
    public record Segment(String path, FrameIndex.Kind kind, boolean gzip, long start, long line, long end, int frames)
            implements Serializable {
    }

    /** Bytes decompressed at a time when a reader of a gzip file skips to its segment. */
    private static final int SKIP_BUFFER = 1 << 16;

    private final List<FrameIndex.FileFrames> files;
    private final long[] firstFrame; // global index of each file's first frame

    public Trajectory(List<FrameIndex.FileFrames> files) {
        this.files = List.copyOf(files);
        this.firstFrame = new long[files.size() + 1];
        for (int f = 0; f < files.size(); f++) {
            firstFrame[f + 1] = firstFrame[f] + files.get(f).frames();
        }
    }

    public long frames() {
        return firstFrame[files.size()];
    }

    public List<FrameIndex.FileFrames> files() {
        return files;
    }

    /** The segments that hold global frames {@code from .. to} (inclusive). */
    public List<Segment> segments(long from, long to) {
        List<Segment> out = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            long a = Math.max(from, firstFrame[f]);
            long b = Math.min(to, firstFrame[f + 1] - 1);
            if (a > b) {
                continue;
            }
            FrameIndex.FileFrames ff = files.get(f);
            int i = (int) (a - firstFrame[f]);
            int j = (int) (b - firstFrame[f]);
            out.add(new Segment(ff.path(), ff.kind(), ff.gzip(), ff.offsets()[i], ff.lines()[i], ff.end(j), j - i + 1));
        }
        return out;
    }

    /** The frames of the segments, read one after the other; close it to close the open file. */
    public static CloseableFrames open(List<Segment> segments, Reading reading) {
        return new CloseableFrames(segments, reading);
    }

    /** An iterator over the frames of segments that closes its file. */
    public static final class CloseableFrames implements Iterator<Structure>, AutoCloseable {
        private final Iterator<Segment> segments;
        private final Reading reading;
        private FrameReader reader;
        private int left;

        CloseableFrames(List<Segment> segments, Reading reading) {
            this.segments = segments.iterator();
            this.reading = reading;
        }

        @Override
        public boolean hasNext() {
            while (left == 0) {
                close();
                if (!segments.hasNext()) {
                    return false;
                }
                Segment s = segments.next();
                reader = openSegment(s, reading);
                left = s.frames();
            }
            return true;
        }

        @Override
        public Structure next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Structure s = reader.readNext();
            if (s == null) {
                throw new IllegalStateException("the frame index promised more frames than " + reader.source() + " has");
            }
            left--;
            return s;
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    private static FrameReader openSegment(Segment s, Reading reading) {
        try {
            InputStream in = new Bounded(positioned(s), s.end() - s.start());
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            if (s.kind() == FrameIndex.Kind.LAMMPS) {
                Map<Integer, String> types = reading.lammpsTypes();
                return new LammpsDumpReader(r, s.path(), s.line() - 1, types, reading.lammpsVelocityFactor());
            }
            return new ExtXyzReader(new LineReader(r, s.path(), s.line() - 1), ReadOptions.DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + s.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's bytes from the segment's start: a plain file is entered at the offset; a gzip file is decompressed
     * from its beginning and the bytes before the segment are thrown away (a gzip stream has no entry points).
     */
    private static InputStream positioned(Segment s) throws IOException {
        Path path = Path.of(s.path());
        if (!s.gzip()) {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            ch.position(s.start());
            return Channels.newInputStream(ch);
        }
        InputStream in = new GZIPInputStream(Files.newInputStream(path), SKIP_BUFFER);
        try {
            byte[] skip = new byte[SKIP_BUFFER];
            for (long left = s.start(); left > 0; ) {
                int got = in.read(skip, 0, (int) Math.min(skip.length, left));
                if (got < 0) {
                    throw new IllegalStateException("the frame index promised " + s.start() + " decompressed bytes "
                            + "before a frame of " + s.path() + ", which has fewer");
                }
                left -= got;
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** At most {@code left} bytes of a stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int got = in.read(b, off, (int) Math.min(len, left));
            if (got > 0) {
                left -= got;
            }
            return got;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
