package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.forcefield.ForceFieldMetrics;
import org.zstar.forcefield.KernelForceField;
import org.zstar.structure.Structure;
import org.zstar.util.FrameSelection;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zstar eval-ff}: errors of a force field against reference energies, forces and stresses. */
@Command(name = "eval-ff", header = "Errors of a force field against reference energies and forces.", mixinStandardHelpOptions = true,
        description = {"Evaluate a force field on reference frames: energy RMSE per atom (meV/atom), force-component",
            "RMSE (meV/A) overall and per species, stress RMSE (meV/A^3) when present."})
public final class EvalFfCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public EvalFfCommand() {
    }

    @Option(names = "--ff", required = true, paramLabel = "FF", description = "Force-field file.")
    Path ffFile;

    @Mixin
    TrainFfCommand.FfData data;

    @Option(names = "--frames", paramLabel = "SPEC", description = "Only these frames (0-based over the files, e.g. 90-99).")
    String frames;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KernelForceField ff = ModelRegistry.readForceField(ffFile);
        List<Structure> all = data.readAll();
        List<Structure> set = frames == null ? all : TrainCommand.pick(all, FrameSelection.parse(frames, all.size()));
        ForceFieldMetrics m = ForceFieldMetrics.evaluate(ff, set);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> map = m.toMap();
            map.put("force_field", ffFile.toString());
            o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(map));
        } else {
            m.lines().forEach(o::println);
        }
        o.flush();
        return 0;
    }
}
