package org.zstar.engines.ipi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The client ("driver") side of the i-PI protocol on one connection (docs/ENGINES.md, "Protocol"): answers
 * STATUS with NEEDINIT, READY or HAVEDATA; takes INIT (bead index and a parameter string, which zstar does not
 * need), POSDATA (cell, inverse cell, atom count, positions) and GETFORCE (answered with FORCEREADY, energy,
 * atom count, forces, virial and the extras string); stops on EXIT. Every size is checked before anything is
 * read into memory: the atom count must equal the template's, and the INIT string is read through a fixed
 * buffer and limited to {@link #MAX_INIT_BYTES}. One driver serves one connection at a time; after a
 * disconnection it starts again uninitialised on the next one.
 */
public final class IpiDriver {
    /** Longest INIT parameter string accepted (bytes); i-PI sends a short "key : value" list. */
    public static final int MAX_INIT_BYTES = 1 << 20;

    /** How a session ended. */
    public enum Ending {
        /** The server sent EXIT. */
        EXIT,
        /** The server closed the connection between two messages. */
        DISCONNECTED
    }

    private final IpiEvaluator evaluator;
    private final Consumer<String> log;
    private final double[] cell = new double[9];
    private final double[] inverseCell = new double[9];
    private final double[] positions;
    private long evaluations;

    /**
     * A driver that answers i-PI's messages with the evaluator's energies, forces and virials.
     *
     * @param evaluator computes the answer to each position message
     * @param log receives one line per notable event (may be null)
     */
    public IpiDriver(IpiEvaluator evaluator, Consumer<String> log) {
        this.evaluator = evaluator;
        this.log = log;
        this.positions = new double[3 * evaluator.atoms()];
    }

    /** {@return structures evaluated so far, over all sessions} */
    public long evaluations() {
        return evaluations;
    }

    /**
     * Talks to the server until it sends EXIT or closes the connection between messages. A connection lost in
     * the middle of a message is an IOException; a message the protocol does not allow is an
     * {@link IpiProtocolException}.
     *
     * @param in the stream from the server
     * @param out the stream to the server
     * @return EXIT when the server sent EXIT, DISCONNECTED when it closed the connection between messages
     * @throws java.io.IOException when the connection breaks in the middle of a message
     */
    public Ending session(InputStream in, OutputStream out) throws IOException {
        return session(new IpiWire(new BufferedInputStream(in, 1 << 16), new BufferedOutputStream(out, 1 << 16)));
    }

    Ending session(IpiWire wire) throws IOException {
        boolean initialised = false;
        IpiEvaluator.Answer pending = null;
        while (true) {
            String header = wire.readHeader();
            if (header == null) {
                return Ending.DISCONNECTED;
            }
            switch (header) {
                case "STATUS" -> {
                    wire.writeHeader(!initialised ? "NEEDINIT" : pending != null ? "HAVEDATA" : "READY");
                    wire.flush();
                }
                case "INIT" -> {
                    readInit(wire);
                    initialised = true;
                }
                case "POSDATA" -> {
                    pending = readPositions(wire);
                    evaluations++;
                }
                case "GETFORCE" -> {
                    if (pending == null) {
                        throw new IpiProtocolException("the server asked for forces (GETFORCE) before sending"
                                + " positions (POSDATA)");
                    }
                    sendForces(wire, pending);
                    pending = null;
                }
                case "EXIT" -> {
                    return Ending.EXIT;
                }
                default -> throw new IpiProtocolException("unknown i-PI message '" + header + "' (expected STATUS,"
                        + " INIT, POSDATA, GETFORCE or EXIT)");
            }
        }
    }

    private void readInit(IpiWire wire) throws IOException {
        int bead = wire.readInt32();
        int length = wire.readInt32();
        if (length < 0 || length > MAX_INIT_BYTES) {
            throw new IpiProtocolException("INIT announces a parameter string of " + length + " bytes (allowed: 0 to "
                    + MAX_INIT_BYTES + ")");
        }
        byte[] head = new byte[Math.min(length, 80)];
        int kept = wire.skip(length, head);
        String text = new String(head, 0, kept, StandardCharsets.US_ASCII).replaceAll("[^\\x20-\\x7e]", "?").trim();
        log.accept("INIT for bead " + bead + (text.isEmpty() ? "" : " (parameters: " + text
                + (length > kept ? "..." : "") + ")"));
    }

    private IpiEvaluator.Answer readPositions(IpiWire wire) throws IOException {
        wire.readDoubles(cell, 9);
        // the inverse cell is legacy: ASE sends inv(L) and i-PI inv(h) = inv(L)^T, so zstar inverts the cell itself
        wire.readDoubles(inverseCell, 9);
        int n = wire.readInt32();
        if (n != evaluator.atoms()) {
            throw new IpiProtocolException("the server sent " + n + " atoms; the structure given to zstar serve has "
                    + evaluator.atoms() + " (the protocol sends no species, so the numbers must match)");
        }
        wire.readDoubles(positions, positions.length);
        return evaluator.evaluate(cell, positions);
    }

    private static void sendForces(IpiWire wire, IpiEvaluator.Answer a) throws IOException {
        byte[] extras = a.extras().getBytes(StandardCharsets.UTF_8);
        wire.writeHeader("FORCEREADY");
        wire.writeDoubles(new double[] {a.energy()});
        wire.writeInt32(a.forces().length / 3);
        wire.writeDoubles(a.forces());
        wire.writeDoubles(a.virialWire());
        wire.writeInt32(extras.length);
        wire.writeBytes(extras);
        wire.flush();
    }
}
