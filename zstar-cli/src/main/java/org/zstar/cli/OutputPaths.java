package org.zstar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks on output paths that the commands share. */
final class OutputPaths {
    private OutputPaths() {
    }

    /** Refuses an output that is one of the inputs: writing it would destroy the data being read. */
    static void requireNotAnInput(Path out, List<Path> inputs, String option) {
        for (Path in : inputs) {
            if (same(out, in)) {
                throw new UsageException(option + " " + out + " is also an input (--data " + in
                        + "): writing it would overwrite the data; choose another output file");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                return false;
            }
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
