package org.zstar.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The folder of per-frame normal-equation sums that {@code experiments} and {@code active-curve} share (a picocli
 * mixin: a rerun of either with the same data and options reuses the other's files).
 */
public final class ScratchOptions {
    /** Options of a command (a picocli mixin); picocli sets them. */
    public ScratchOptions() {
    }

    @Option(names = "--scratch", paramLabel = "DIR",
            description = "Folder of the per-frame sums (default: PREFIX-sums); a rerun with the same data and options reuses them.")
    Path scratch;

    @Option(names = "--keep-scratch", description = "Keep the per-frame sums (4 M (M + 1) bytes per frame) after the run.")
    boolean keep;

    /** {@return the scratch folder: --scratch, else PREFIX-sums} */
    Path folder(String prefix) {
        return scratch != null ? scratch : Path.of(prefix + "-sums");
    }
}
