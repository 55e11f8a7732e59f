package org.zstar.engines.ipi;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.zstar.util.UserInputException;

/**
 * Connects a driver to an i-PI server and keeps it connected: it retries the first connection, and after the
 * server closes the connection (a restart, a crash, or the end of an ASE run) it reconnects, for up to the
 * reconnect timeout each time. It returns when the server sends EXIT or stays away; a protocol violation or a
 * structure zstar cannot handle ends it with an exception.
 */
public final class IpiClient {
    /** Why the client stopped. */
    public enum Outcome {
        /** The server sent EXIT. */
        EXIT,
        /** The server closed the connection and did not come back within the timeout. */
        SERVER_GONE
    }

    private final IpiAddress address;
    private final long timeoutMillis;
    private final Consumer<String> log;

    /**
     * A client that connects to an i-PI server and drives sessions until EXIT.
     *
     * @param reconnectSeconds how long to keep trying to connect, at start and after each disconnection
     * @param address the server's socket
     * @param log receives one line per connection event
     */
    public IpiClient(IpiAddress address, double reconnectSeconds, Consumer<String> log) {
        if (!(reconnectSeconds >= 0) || reconnectSeconds > 1e7) {
            throw new UserInputException("the reconnect timeout must be between 0 and 1e7 s, got " + reconnectSeconds);
        }
        this.address = address;
        this.timeoutMillis = Math.round(reconnectSeconds * 1000);
        this.log = log;
    }

    /**
     * Connects, runs driver sessions and reconnects after a lost connection until the server sends EXIT or stays away
     * longer than the reconnect timeout.
     *
     * @param driver the driver that answers the server's messages
     * @return why the client stopped
     * @throws InterruptedException when the thread is interrupted while waiting to reconnect
     */
    public Outcome run(IpiDriver driver) throws InterruptedException {
        boolean connectedBefore = false;
        while (true) {
            SocketChannel ch = connectWithin(timeoutMillis, connectedBefore);
            if (ch == null) {
                log.accept("the server did not come back within " + timeoutMillis / 1000.0 + " s; stopping");
                return Outcome.SERVER_GONE;
            }
            connectedBefore = true;
            log.accept("connected to " + address);
            try (ch) {
                IpiDriver.Ending end = driver.session(Channels.newInputStream(ch), Channels.newOutputStream(ch));
                if (end == IpiDriver.Ending.EXIT) {
                    log.accept("the server sent EXIT after " + driver.evaluations() + " evaluations; stopping");
                    return Outcome.EXIT;
                }
                log.accept("the server closed the connection; reconnecting");
            } catch (IOException e) {
                log.accept("connection lost (" + (e.getMessage() != null ? e.getMessage() : e) + "); reconnecting");
            }
        }
    }

    /** A connection, or null when none succeeded within the timeout after a disconnection. */
    private SocketChannel connectWithin(long millis, boolean connectedBefore) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long pause = 50;
        IOException last;
        while (true) {
            try {
                return address.connect();
            } catch (IOException e) {
                last = e;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            Thread.sleep(Math.min(pause, left));
            pause = Math.min(2 * pause, 1000);
        }
        if (connectedBefore) {
            return null;
        }
        throw new UserInputException("could not connect to " + address + " within " + millis / 1000.0 + " s ("
                + (last.getMessage() != null ? last.getMessage() : last.getClass().getSimpleName())
                + "); is the i-PI server running?");
    }
}
