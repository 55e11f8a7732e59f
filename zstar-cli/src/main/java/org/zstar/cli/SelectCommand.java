package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.io.ExtXyzWriter;
import org.zstar.io.Format;
import org.zstar.models.ActiveSelection;
import org.zstar.models.KernelBecModel;
import org.zstar.registry.ModelRegistry;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstar select}: the K most informative pool frames for new DFT labels (docs/THEORY.md (AL1)-(AL4)). */
@Command(name = "select", header = "Pick the K most informative frames of a pool for new BEC labels (active learning).",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores every pool frame by the total model variance of its BEC components under the model's",
            "weight posterior, c s^2 tr(B_f H^-1 B_f^T), and picks greedily: after each pick the posterior takes in",
            "that frame's design (H <- H + B_f^T B_f; labels are not needed), so near-duplicates of a picked frame",
            "lose their variance and the picks stay diverse. Frames with more than --probes BEC rows are scored",
            "from a Rademacher sketch of their rows (Hutchinson). Writes the picked frames (extended XYZ, in pick",
            "order) and every pool frame's score and pick order (CSV and JSON). The model needs its posterior."})
public final class SelectCommand implements Callable<Integer> {
    /** A command instance; picocli sets its options. */
    public SelectCommand() {
    }

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "BEC model file with a posterior.")
    Path modelFile;

    @Option(names = "--pool", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Candidate structures (any readable format; labels are not needed).")
    List<Path> pool;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of the pool files (default: from the name).")
    String format;

    @Option(names = "--count", required = true, paramLabel = "K", description = "Frames to pick.")
    int count;

    @Option(names = "--out", required = true, paramLabel = "OUT.xyz", description = "Extended XYZ of the picked frames.")
    Path out;

    @Option(names = "--scores", paramLabel = "PREFIX",
            description = "Write PREFIX.csv and PREFIX.json with every pool frame's score (default: OUT without .xyz, plus -scores).")
    String scores;

    @Option(names = "--probes", defaultValue = "32",
            description = "Rademacher probes per frame; frames with at most this many BEC rows are scored exactly (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the probes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireNotAnInput(out, pool, "--out");
        OutputPaths.requireWritable(out, "--out");
        if (probes < 1) {
            throw new UsageException("--probes must be >= 1, got " + probes);
        }
        return WorkerThreads.call(threads, this::select);
    }

    private Integer select() throws Exception {
        KernelBecModel model = ModelRegistry.readBecModel(modelFile);
        PrintWriter err = spec.commandLine().getErr();
        Map<Structure, String> origins = new IdentityHashMap<>();
        List<Structure> frames = DataOptions.read(pool, "auto", false, format == null ? null : Format.parse(format), err,
                new LinkedHashMap<>(), origins);
        if (frames.isEmpty()) {
            throw new UsageException("no frames in " + pool);
        }
        if (count < 1 || count > frames.size()) {
            throw new UsageException("--count " + count + " is impossible for a pool of " + frames.size()
                    + " frames (1.." + frames.size() + ")");
        }
        ActiveSelection.Result r;
        try (Progress p = Progress.start("select", frames.size() + count)) {
            r = ActiveSelection.select(model, frames, count, probes, seed, k -> p.step());
        }
        List<Structure> picked = new ArrayList<>();
        for (int f : r.picks()) {
            picked.add(frames.get(f));
        }
        ExtXyzWriter.write(out, picked);
        String prefix = scores != null ? scores : out.toString().replaceFirst("\\.xyz$", "") + "-scores";
        writeScores(r, frames, origins, prefix);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "picked %d of %d frames in %.1f s; wrote %s and %s.csv/.json%n", count, frames.size(),
                r.seconds(), out, prefix);
        for (int k = 0; k < r.picks().length; k++) {
            int f = r.picks()[k];
            o.printf(Locale.ROOT, "  %2d. %s: RMS model sigma %.4f e (alone %.4f e)%n", k + 1, origins.get(frames.get(f)),
                    r.rmsSigma(f, r.pickScore()[f]), r.rmsSigma(f, r.initialScore()[f]));
        }
        o.flush();
        return 0;
    }

    private static void writeScores(ActiveSelection.Result r, List<Structure> frames, Map<Structure, String> origins,
            String prefix) throws Exception {
        StringBuilder sb = new StringBuilder("frame,source,atoms,pick_order,score,rms_model_sigma,score_at_pick,"
                + "rms_model_sigma_at_pick,probes\n");
        List<Object> rows = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            boolean picked = r.pickOrder()[f] >= 0;
            sb.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%.6g,%.6g,%s,%s,%d%n", f, origins.get(frames.get(f)),
                    frames.get(f).size(), r.pickOrder()[f], r.initialScore()[f], r.rmsSigma(f, r.initialScore()[f]),
                    picked ? String.format(Locale.ROOT, "%.6g", r.pickScore()[f]) : "",
                    picked ? String.format(Locale.ROOT, "%.6g", r.rmsSigma(f, r.pickScore()[f])) : "", r.probes()[f]));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("frame", f);
            e.put("source", origins.get(frames.get(f)));
            e.put("atoms", frames.get(f).size());
            e.put("pick_order", r.pickOrder()[f]);
            e.put("score", r.initialScore()[f]);
            e.put("rms_model_sigma", r.rmsSigma(f, r.initialScore()[f]));
            e.put("score_at_pick", picked ? r.pickScore()[f] : null);
            e.put("rms_model_sigma_at_pick", picked ? r.rmsSigma(f, r.pickScore()[f]) : null);
            e.put("probes", r.probes()[f]);
            rows.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", "tr(B_f H^-1 B_f^T) in units of c s^2 (docs/THEORY.md (AL1)); rms_model_sigma = "
                + "sqrt(c s^2 score / 9N)");
        m.put("variance_scale_c_s2", r.varianceScale());
        m.put("picks", r.picks());
        m.put("seconds", r.seconds());
        m.put("frames", rows);
        AtomicFiles.writeString(Path.of(prefix + ".csv"), sb.toString());
        AtomicFiles.writeString(Path.of(prefix + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(m));
    }
}
