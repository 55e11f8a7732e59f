package org.zstar.engines.ipi;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server side of the i-PI protocol, written from i-PI's description for tests: it listens on a loopback
 * port or a unix socket, and speaks to one client at a time. Lattice vectors go on the wire as the columns of
 * i-PI's cell matrix h, stored row by row: h[k][i] = component k of vector i.
 */
public final class FakeIpiServer implements Closeable {
    private final ServerSocketChannel listener;
    private final Path unixPath;

    private FakeIpiServer(ServerSocketChannel listener, Path unixPath) {
        this.listener = listener;
        this.unixPath = unixPath;
    }

    public static FakeIpiServer inet() throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open();
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeIpiServer(l, null);
    }

    /** Listens on /tmp/ipi_NAME. */
    public static FakeIpiServer unix(String name) throws IOException {
        Path p = Path.of(IpiAddress.UNIX_PREFIX + name);
        Files.deleteIfExists(p);
        ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        l.bind(UnixDomainSocketAddress.of(p));
        return new FakeIpiServer(l, p);
    }

    public int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** HOST:PORT for --inet. */
    public String inetAddress() throws IOException {
        return "127.0.0.1:" + port();
    }

    public IpiAddress address() throws IOException {
        return unixPath != null ? IpiAddress.unix(unixPath.getFileName().toString().substring(4))
                : IpiAddress.inet(inetAddress());
    }

    public Connection accept() throws IOException {
        return new Connection(listener.accept());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
        }
    }

    /** What the client returned for one structure, as on the wire (atomic units; virial as i-PI's matrix). */
    public record Forces(double energy, int atoms, double[] forces, double[] virial, String extras) {
    }

    /** One client connection. */
    public static final class Connection implements Closeable {
        private final SocketChannel channel;
        private final DataInputStream in;
        private final OutputStream out;

        Connection(SocketChannel channel) {
            this.channel = channel;
            InputStream raw = Channels.newInputStream(channel);
            this.in = new DataInputStream(raw);
            this.out = Channels.newOutputStream(channel);
        }

        public void send(String header) throws IOException {
            byte[] h = new byte[12];
            java.util.Arrays.fill(h, (byte) ' ');
            byte[] t = header.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(t, 0, h, 0, t.length);
            out.write(h);
        }

        public void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        public void sendInt(int v) throws IOException {
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }

        public void sendDoubles(double... v) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double x : v) {
                b.putDouble(x);
            }
            out.write(b.array());
        }

        public String receiveHeader() throws IOException {
            byte[] h = new byte[12];
            in.readFully(h);
            return new String(h, StandardCharsets.US_ASCII).trim();
        }

        private int receiveInt() throws IOException {
            byte[] b = new byte[4];
            in.readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }

        private double[] receiveDoubles(int n) throws IOException {
            byte[] b = new byte[8 * n];
            in.readFully(b);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                v[k] = bb.getDouble();
            }
            return v;
        }

        public String status() throws IOException {
            send("STATUS");
            return receiveHeader();
        }

        public void init(int bead, String parameters) throws IOException {
            byte[] p = parameters.getBytes(StandardCharsets.US_ASCII);
            send("INIT");
            sendInt(bead);
            sendInt(p.length);
            sendRaw(p);
        }

        /**
         * POSDATA for positions (Bohr, atom-major) and lattice vectors (rows of {@code lattice}, Bohr; all zeros
         * for no cell). The inverse cell is sent as i-PI does, inv(h).
         */
        public void positions(double[] latticeRows, double[] positions) throws IOException {
            double[] h = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    h[3 * k + i] = latticeRows[3 * i + k];
                }
            }
            send("POSDATA");
            sendDoubles(h);
            sendDoubles(inverse(h));
            sendInt(positions.length / 3);
            sendDoubles(positions);
        }

        public Forces getForces() throws IOException {
            send("GETFORCE");
            String reply = receiveHeader();
            if (!reply.equals("FORCEREADY")) {
                throw new IOException("expected FORCEREADY, got " + reply);
            }
            double e = receiveDoubles(1)[0];
            int n = receiveInt();
            double[] f = receiveDoubles(3 * n);
            double[] wire = receiveDoubles(9);
            double[] vir = new double[9]; // the wire holds the virial matrix column by column
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    vir[3 * a + b] = wire[3 * b + a];
                }
            }
            int len = receiveInt();
            byte[] extras = new byte[len];
            in.readFully(extras);
            return new Forces(e, n, f, vir, new String(extras, StandardCharsets.UTF_8));
        }

        /** STATUS, INIT when asked, POSDATA, STATUS, GETFORCE: one evaluation as i-PI does it. */
        public Forces compute(double[] latticeRows, double[] positions) throws IOException {
            String s = status();
            if (s.equals("NEEDINIT")) {
                init(0, " ");
                s = status();
            }
            if (!s.equals("READY")) {
                throw new IOException("expected READY, got " + s);
            }
            positions(latticeRows, positions);
            s = status();
            if (!s.equals("HAVEDATA")) {
                throw new IOException("expected HAVEDATA, got " + s);
            }
            return getForces();
        }

        public void exit() throws IOException {
            send("EXIT");
        }

        /** True when the client closed its end (a read sees the end of the stream). */
        public boolean clientClosed() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        private static double[] inverse(double[] m) {
            double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                    + m[2] * (m[3] * m[7] - m[4] * m[6]);
            if (det == 0) {
                return new double[9];
            }
            double[] r = {m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
                m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
                m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3]};
            for (int k = 0; k < 9; k++) {
                r[k] /= det;
            }
            return r;
        }
    }
}
