package org.zstar.engines.ipi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.zstar.util.UserInputException;

/**
 * Where the i-PI server listens: an internet socket HOST:PORT, or a unix socket NAME, which i-PI and ASE both
 * place at {@code /tmp/ipi_NAME} (i-PI's {@code <address>NAME</address>} with {@code mode="unix"}, ASE's
 * {@code unixsocket=NAME}). zstar only connects to it; it never listens.
 *
 * @param host the host of an internet socket, or null for a unix socket
 * @param port the port of an internet socket
 * @param unixPath the path of a unix socket, or null for an internet socket
 */
public record IpiAddress(String host, int port, Path unixPath) {
    /** The prefix i-PI and ASE put before a unix socket's name. */
    public static final String UNIX_PREFIX = "/tmp/ipi_";
    private static final int MAX_UNIX_PATH_BYTES = 107; // sun_path holds 108 bytes with the final NUL

    /**
     * HOST:PORT, or [IPv6]:PORT.
     *
     * @param hostPort HOST:PORT or [IPv6]:PORT
     * @return the internet-socket address
     */
    public static IpiAddress inet(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new UserInputException("--inet needs HOST:PORT, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserInputException("--inet: the port in '" + hostPort + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new UserInputException("--inet: port " + port + " is out of range (1 to 65535)");
        }
        return new IpiAddress(host, port, null);
    }

    /**
     * The unix socket /tmp/ipi_NAME.
     *
     * @param name the socket name i-PI was given
     * @return the unix-socket address
     */
    public static IpiAddress unix(String name) {
        if (name.isEmpty() || name.contains("/") || name.indexOf('\0') >= 0) {
            throw new UserInputException("--unix takes a socket name without '/' (the socket is " + UNIX_PREFIX
                    + "NAME, as in i-PI and ASE), got '" + name + "'");
        }
        String path = UNIX_PREFIX + name;
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_UNIX_PATH_BYTES) {
            throw new UserInputException("--unix: the socket path " + path + " is longer than "
                    + MAX_UNIX_PATH_BYTES + " bytes");
        }
        return new IpiAddress(null, 0, Path.of(path));
    }

    /** {@return whether this is a unix-domain socket} */
    public boolean isUnix() {
        return unixPath != null;
    }

    /**
     * Opens a blocking connection (TCP_NODELAY for internet sockets: the protocol sends many small messages).
     *
     * @return the connected channel
     * @throws java.io.IOException when the connection fails
     */
    public SocketChannel connect() throws IOException {
        if (isUnix()) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(unixPath));
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return ch;
        }
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(new InetSocketAddress(host, port));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    @Override
    public String toString() {
        return isUnix() ? "unix socket " + unixPath : "inet " + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + port;
    }
}
