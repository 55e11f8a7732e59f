package org.zstar.engines.ipi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The i-PI wire format on one connection: 12-byte ASCII headers padded with blanks, little-endian 32-bit
 * integers and 64-bit doubles. Reads go through a fixed scratch buffer, so no read allocates more than the caller
 * asked for, and every size is checked by the caller before it reads. Not thread-safe (one connection, one
 * thread).
 */
final class IpiWire {
    static final int HEADER_LENGTH = 12;
    private static final int CHUNK_DOUBLES = 512;

    private final InputStream in;
    private final OutputStream out;
    private final byte[] scratch = new byte[8 * CHUNK_DOUBLES];
    private final ByteBuffer scratchBuffer = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);

    IpiWire(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * The next header, upper case and without its padding, or null when the server closed the connection before
     * sending any byte of it (a disconnection at a message boundary). A header that is not letters followed by
     * blanks or NULs is a protocol error.
     */
    String readHeader() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        scratch[0] = (byte) first;
        readFully(scratch, 1, HEADER_LENGTH - 1);
        int end = HEADER_LENGTH;
        while (end > 0 && (scratch[end - 1] == ' ' || scratch[end - 1] == 0)) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            byte b = scratch[i];
            boolean letter = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
            if (!letter) {
                throw new IpiProtocolException("malformed i-PI header (bytes " + hex(scratch, HEADER_LENGTH)
                        + "): a header is 12 ASCII bytes, letters padded with blanks");
            }
        }
        if (end == 0) {
            throw new IpiProtocolException("empty i-PI header (12 blanks)");
        }
        return new String(scratch, 0, end, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
    }

    int readInt32() throws IOException {
        readFully(scratch, 0, 4);
        return scratchBuffer.getInt(0);
    }

    /** Reads n doubles into dst[0..n); dst is the caller's, sized by it after validating n. */
    void readDoubles(double[] dst, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int m = Math.min(CHUNK_DOUBLES, n - done);
            readFully(scratch, 0, 8 * m);
            for (int k = 0; k < m; k++) {
                dst[done + k] = scratchBuffer.getDouble(8 * k);
            }
            done += m;
        }
    }

    /** Reads and drops n bytes, keeping at most keep.length of the first ones in keep; returns how many it kept. */
    int skip(long n, byte[] keep) throws IOException {
        long left = n;
        int kept = 0;
        while (left > 0) {
            int m = (int) Math.min(scratch.length, left);
            readFully(scratch, 0, m);
            int k = Math.min(m, keep.length - kept);
            System.arraycopy(scratch, 0, keep, kept, k);
            kept += k;
            left -= m;
        }
        return kept;
    }

    void writeHeader(String header) throws IOException {
        byte[] h = new byte[HEADER_LENGTH];
        java.util.Arrays.fill(h, (byte) ' ');
        byte[] text = header.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, h, 0, text.length);
        out.write(h);
    }

    void writeInt32(int v) throws IOException {
        scratchBuffer.putInt(0, v);
        out.write(scratch, 0, 4);
    }

    void writeDoubles(double[] values) throws IOException {
        int done = 0;
        while (done < values.length) {
            int m = Math.min(CHUNK_DOUBLES, values.length - done);
            for (int k = 0; k < m; k++) {
                scratchBuffer.putDouble(8 * k, values[done + k]);
            }
            out.write(scratch, 0, 8 * m);
            done += m;
        }
    }

    void writeBytes(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void flush() throws IOException {
        out.flush();
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(b, off + done, len - done);
            if (r < 0) {
                throw new EOFException("the server closed the connection in the middle of a message");
            }
            done += r;
        }
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
