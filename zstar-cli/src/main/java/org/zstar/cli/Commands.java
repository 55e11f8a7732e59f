package org.zstar.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of subcommands. Each command is its own class in this package; add one line here.
 * Keeping the list in one place (not in Main's annotation) keeps merges simple.
 */
final class Commands {
    private Commands() {
    }

    static List<Object> all() {
        List<Object> commands = new ArrayList<>();
        commands.add(new InspectCommand());
        commands.add(new TrainCommand());
        commands.add(new EvalCommand());
        commands.add(new PredictCommand());
        commands.add(new BenchCommand());
        commands.add(new IrCommand());
        commands.add(new DmdtCommand());
        commands.add(new BenchLinalgCommand());
        commands.add(new TrainFfCommand());
        commands.add(new EvalFfCommand());
        commands.add(new MdCommand());
        commands.add(new LearningCurveCommand());
        commands.add(new RegScanCommand());
        commands.add(new ExperimentsCommand());
        commands.add(new IrCompareCommand());
        commands.add(new PartitionCommand());
        commands.add(new DftCommand());
        commands.add(new DemoCommand());
        commands.add(new ServeCommand());
        commands.add(new PhononsCommand());
        commands.add(new HysteresisCommand());
        commands.add(new SelectCommand());
        commands.add(new ActiveCurveCommand());
        return commands;
    }
}
