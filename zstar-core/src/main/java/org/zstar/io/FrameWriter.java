package org.zstar.io;

import org.zstar.structure.Structure;

/**
 * Writes frames one at a time. The file appears complete at its final path only when {@link #close()} succeeds
 * (written to a temporary file and moved), so a failed run leaves nothing half-written; {@link #abort()} drops it.
 */
public interface FrameWriter extends AutoCloseable {
    /**
     * Appends one frame.
     *
     * @param frame the frame
     */
    void write(Structure frame);

    /** Drops what was written; the target is left as it was. */
    void abort();

    /** Finishes the file and moves it into place. */
    @Override
    void close();
}
