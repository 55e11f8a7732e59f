package org.zstar.cli;

import java.nio.file.Path;
import java.util.List;
import org.zstar.io.BecRows;
import org.zstar.io.Format;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Structure;
import picocli.CommandLine.Option;

/** Input data options shared by the commands that read structures with BECs. */
public final class DataOptions {
    @Option(names = "--data", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Structure files with Born effective charges (any readable format; frames are numbered "
                    + "0-based over the files in the order given).")
    List<Path> files;

    @Option(names = "--bec-rows", paramLabel = "field|displacement", defaultValue = "field",
            description = "Meaning of the rows of BEC blocks in the files (default: ${DEFAULT-VALUE}); 'displacement' "
                    + "transposes them on read.")
    String becRows;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Input format instead of detection: ${sys:zstar.formats}.")
    String format;

    ReadOptions readOptions() {
        ReadOptions.Builder b = ReadOptions.builder().becRows(BecRows.parse(becRows));
        if (format != null) {
            b.format(Format.parse(format));
        }
        return b.build();
    }

    /** All frames of all files, in order. */
    List<Structure> readAll() {
        List<Structure> frames = Readers.readAll(files, readOptions());
        if (frames.isEmpty()) {
            throw new UsageException("no frames in " + files);
        }
        return frames;
    }
}
