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

    /**
     * Refuses, before any work, an output that cannot be written: an existing folder, or a path below a file. (An
     * hour of training should not end in "cannot write".)
     */
    static void requireWritable(Path out, String option) {
        if (Files.isDirectory(out)) {
            throw new UsageException("cannot write " + option + " " + out + ": it is a directory");
        }
        for (Path d = out.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            if (Files.exists(d) && !Files.isDirectory(d)) {
                throw new UsageException("cannot write " + option + " " + out + ": " + d + " is a file, not a folder");
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
