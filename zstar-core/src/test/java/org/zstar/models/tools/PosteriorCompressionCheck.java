package org.zstar.models.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.io.FrameReader;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.PosteriorCompressionProbe;
import org.zstar.structure.Structure;

/**
 * Measures how compact forms of a model's posterior change the error bars on labelled frames (docs/RESULTS.md,
 * "Uncertainty", file size). Usage: {@code PosteriorCompressionCheck MODEL RANKS FILE...} (RANKS comma-separated).
 */
public final class PosteriorCompressionCheck {
    private PosteriorCompressionCheck() {
    }

    public static void main(String[] args) {
        KernelBecModel model = ModelFiles.load(Path.of(args[0]));
        int[] ranks = java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        List<Structure> frames = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            try (FrameReader r = Readers.open(Path.of(args[i]), ReadOptions.DEFAULTS)) {
                Structure s;
                while ((s = r.readNext()) != null) {
                    frames.add(s);
                }
            }
        }
        for (String line : PosteriorCompressionProbe.report(model, frames, ranks)) {
            System.out.println(line);
        }
        System.out.flush();
        System.err.printf(Locale.ROOT, "%d frames%n", frames.size());
    }
}
