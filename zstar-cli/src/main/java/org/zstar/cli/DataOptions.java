package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zstar.analysis.BecRowsVerdict;
import org.zstar.io.BecRows;
import org.zstar.io.Format;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Structure;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Input data options shared by the commands that read structures with BECs. */
public final class DataOptions {
    /** Options of a command (a picocli mixin or group); picocli sets them. */
    public DataOptions() {
    }

    /** Old zstar predict outputs kept the reference BEC in this column and wrote predictions as BEC. */
    static final String OLD_PREDICT_REFERENCE = "dft_bec";

    @Option(names = "--data", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Structure files with Born effective charges (any readable format; frames are numbered "
                    + "0-based over the files in the order given).")
    List<Path> files;

    @Option(names = "--bec-rows", paramLabel = "auto|field|displacement", defaultValue = "auto",
            description = "Meaning of the rows of BEC blocks in extended XYZ and BORN files: 'field' (zstar's "
                    + "convention), 'displacement' (transposed on read) or 'auto' (default): what the rotational sum "
                    + "rule of the file's isolated molecules says when it decides clearly, else field. A value that "
                    + "the data contradict is an error unless --force-bec-rows.")
    String becRows;

    @Option(names = "--force-bec-rows",
            description = "Keep --bec-rows even where the rotational sum rule of the data says otherwise.")
    boolean forceBecRows;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Input format instead of detection: ${sys:zstar.formats}.")
    String format;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** File to the row convention its BECs were finally read with (filled by {@link #readAll()}). */
    private final Map<Path, BecRows> rowsUsed = new LinkedHashMap<>();

    /** Frame (by identity) to the file and 0-based frame index in it, for messages. */
    private final Map<Structure, String> origins = new java.util.IdentityHashMap<>();

    /** All frames of all files, in order. */
    List<Structure> readAll() {
        return readAll(1);
    }

    /**
     * All frames of all files, in order, reading up to {@code threads} files at once (the messages, and the first
     * error in file order, are the same as with one thread).
     */
    List<Structure> readAll(int threads) {
        rowsUsed.clear();
        origins.clear();
        PrintWriter err = mixee == null ? new PrintWriter(System.err, true) : mixee.commandLine().getErr();
        List<Structure> frames = read(files, becRows, forceBecRows, format == null ? null : Format.parse(format), err,
                rowsUsed, origins, threads);
        if (frames.isEmpty()) {
            throw new UsageException("no frames in " + files);
        }
        return frames;
    }

    /** "FILE frame K" (0-based within the file) of a frame returned by {@link #readAll()}, or "a frame". */
    String origin(Structure s) {
        return origins.getOrDefault(s, "a frame");
    }

    /** Per file, "field" or "displacement": how its BEC rows were read (after {@link #readAll()}). */
    Map<String, String> rowsUsed() {
        Map<String, String> m = new LinkedHashMap<>();
        rowsUsed.forEach((p, r) -> m.put(p.toString(), r.label()));
        return m;
    }

    /**
     * Reads the files one by one with the row convention {@code rowsOption} (auto, field or displacement) and
     * settles it per file with the rotational sum rule ({@link BecRowsVerdict}): under auto, what the data say
     * decides (reported on {@code err}); an explicit value that the data contradict is an error unless
     * {@code force}. Frames of an old zstar predict output (predictions in the BEC column) are refused.
     */
    static List<Structure> read(List<Path> files, String rowsOption, boolean force, Format format, PrintWriter err,
            Map<Path, BecRows> rowsUsed, Map<Structure, String> origins) {
        return read(files, rowsOption, force, format, err, rowsUsed, origins, 1);
    }

    static List<Structure> read(List<Path> files, String rowsOption, boolean force, Format format, PrintWriter err,
            Map<Path, BecRows> rowsUsed, Map<Structure, String> origins, int threads) {
        boolean auto = rowsOption == null || rowsOption.trim().equalsIgnoreCase("auto");
        BecRows asked = auto ? BecRows.FIELD : BecRows.parse(rowsOption);
        if (force && auto) {
            throw new UsageException("--force-bec-rows needs --bec-rows field or --bec-rows displacement");
        }
        ReadOptions.Builder options = ReadOptions.builder().becRows(asked);
        if (format != null) {
            options.format(format);
        }
        List<Structure> all = new ArrayList<>();
        List<List<Structure>> perFile = readFiles(files, options.build(), threads);
        for (int k = 0; k < files.size(); k++) {
            Path file = files.get(k);
            List<Structure> frames = perFile.get(k);
            BecRowsVerdict verdict = BecRowsVerdict.of(frames);
            BecRows used = asked;
            if (verdict.transposedFits()) {
                if (!auto && !force) {
                    throw new UsageException(file + ": --bec-rows " + asked.label() + " contradicts the data: "
                            + verdict.evidence(asked) + "; use --bec-rows " + asked.transposed().label()
                            + " (or leave --bec-rows out), or add --force-bec-rows to keep " + asked.label());
                }
                if (auto) {
                    used = asked.transposed();
                    frames = transposeBecs(frames);
                }
            }
            if (auto && !verdict.undecided()) {
                err.printf(Locale.ROOT, "zstar: %s: BEC rows read as %s (%s)%n", file, used.label(),
                        verdict.evidence(asked));
                err.flush();
            }
            rowsUsed.put(file, used);
            if (origins != null) {
                for (int f = 0; f < frames.size(); f++) {
                    origins.put(frames.get(f), file + " frame " + f);
                }
            }
            all.addAll(frames);
        }
        return all;
    }

    /**
     * Each file's frames (old predict outputs refused), files read in parallel on up to {@code threads} threads;
     * the failure of the first failing file in the given order is thrown, whatever the thread count.
     */
    private static List<List<Structure>> readFiles(List<Path> files, ReadOptions options, int threads) {
        int n = files.size();
        List<List<Structure>> out = new ArrayList<>(java.util.Collections.nCopies(n, null));
        RuntimeException[] failures = new RuntimeException[n];
        java.util.function.IntConsumer one = k -> {
            try {
                List<Structure> frames = Readers.readAll(List.of(files.get(k)), options);
                refuseOldPredictOutput(files.get(k), frames);
                out.set(k, frames);
            } catch (RuntimeException e) {
                failures[k] = e;
            }
        };
        if (threads <= 1 || n == 1) {
            for (int k = 0; k < n && (k == 0 || failures[k - 1] == null); k++) {
                one.accept(k);
            }
        } else {
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(Math.min(threads, n));
            try {
                pool.submit(() -> java.util.stream.IntStream.range(0, n).parallel().forEach(one)).join();
            } finally {
                pool.shutdown();
            }
        }
        for (RuntimeException e : failures) {
            if (e != null) {
                throw e;
            }
        }
        return out;
    }

    /** The frames with every BEC block transposed (rows as displacement instead of field, or back). */
    static List<Structure> transposeBecs(List<Structure> frames) {
        List<Structure> out = new ArrayList<>(frames.size());
        for (Structure s : frames) {
            if (!s.hasBec()) {
                out.add(s);
                continue;
            }
            double[] bec = s.bec();
            BecRows.DISPLACEMENT.toFieldRows(bec);
            out.add(s.toBuilder().bec(bec).build());
        }
        return out;
    }

    private static void refuseOldPredictOutput(Path file, List<Structure> frames) {
        for (int f = 0; f < frames.size(); f++) {
            if (frames.get(f).has(OLD_PREDICT_REFERENCE)) {
                throw new UsageException(file + ": frame " + f + " has a '" + OLD_PREDICT_REFERENCE + "' column: this "
                        + "is the output of an older zstar predict, whose 'BEC' column holds the model's predictions, not "
                        + "references; run predict again on the original data (its output keeps the reference BEC and "
                        + "writes predictions as 'bec_pred')");
            }
        }
    }
}
