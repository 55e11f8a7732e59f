package org.zstar.cli;

import static org.zstar.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.zstar.models.ModelKind;
import picocli.CommandLine;

/**
 * The sum-rule flags have one name per meaning in every command: --[no-]asr-references (project the training
 * references) and --[no-]asr-predictions (project the predictions); the old names fail naming the new one.
 */
class SumRuleFlagsTest {

    /** Command, the flags its help must list. */
    static List<Arguments> commands() {
        return List.of(
                Arguments.of("train", List.of("--[no-]asr-references", "--[no-]asr-predictions")),
                Arguments.of("learning-curve", List.of("--[no-]asr-references", "--[no-]asr-predictions")),
                Arguments.of("reg-scan", List.of("--[no-]asr-references", "--[no-]asr-predictions")),
                Arguments.of("demo", List.of("--[no-]asr-references")),
                Arguments.of("eval", List.of("--[no-]asr-predictions")),
                Arguments.of("predict", List.of("--[no-]asr-predictions")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandUsesTheSameNames(String command, List<String> flags) {
        String[] r = run(command, "--help");
        assertThat(r[0]).isEqualTo("0");
        for (String f : flags) {
            assertThat(r[1]).as(command).contains(f);
        }
        assertThat(r[1]).doesNotContain("--no-asr-projection").doesNotContain("--project-asr");
    }

    /** Old flag, a command that had it, the replacement its message must name (the meaning it had there). */
    static List<Arguments> retired() {
        return List.of(
                Arguments.of("train", "--no-asr-projection", "--no-asr-predictions"),
                Arguments.of("train", "--project-asr", "--asr-references"),
                Arguments.of("learning-curve", "--no-asr-projection", "--no-asr-predictions"),
                Arguments.of("learning-curve", "--project-asr", "--asr-references"),
                Arguments.of("reg-scan", "--no-asr-projection", "--no-asr-predictions"),
                Arguments.of("reg-scan", "--project-asr", "--asr-references"),
                Arguments.of("demo", "--no-asr-projection", "--no-asr-references"),
                Arguments.of("eval", "--project-asr", "--asr-predictions"));
    }

    @ParameterizedTest
    @MethodSource("retired")
    void oldNamesFailNamingTheNewOne(String command, String old, String replacement) {
        List<String> args = new java.util.ArrayList<>(List.of(command, old));
        // enough required options that only the retired flag can fail
        switch (command) {
            case "train" -> args.addAll(List.of("--model", "monopole", "--data", "x.xyz", "--out", "m"));
            case "eval" -> args.addAll(List.of("--model", "m", "--data", "x.xyz"));
            case "learning-curve", "reg-scan" -> args.addAll(List.of("--data", "x.xyz", "--out", "p"));
            default -> { }
        }
        String[] r = run(args.toArray(new String[0]));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).startsWith("zstar: " + old + " was renamed: use " + replacement + " (");
    }

    @Test
    void trainFlagsSetTheMeaningTheirNameSays() {
        TrainCommand t = new TrainCommand();
        new CommandLine(t).parseArgs("--model", "combined", "--data", "x.xyz", "--out", "m");
        assertThat(t.model.spec(ModelKind.COMBINED).projectAsr()).as("predictions projected by default").isTrue();
        assertThat(t.model.options(ModelKind.COMBINED, 1e-8, 0).projectAsr()).as("references as computed").isFalse();
        t = new TrainCommand();
        new CommandLine(t).parseArgs("--model", "combined", "--data", "x.xyz", "--out", "m", "--no-asr-predictions",
                "--asr-references");
        assertThat(t.model.spec(ModelKind.COMBINED).projectAsr()).isFalse();
        assertThat(t.model.options(ModelKind.COMBINED, 1e-8, 0).projectAsr()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "predict"})
    void evalAndPredictDefaultToTheModelsSetting(String command) {
        Object cmd = command.equals("eval") ? new EvalCommand() : new PredictCommand();
        List<String> base = command.equals("eval") ? List.of("--model", "m", "--data", "x.xyz")
                : List.of("--model", "m", "--data", "x.xyz", "--out", "o.xyz");
        new CommandLine(cmd).parseArgs(base.toArray(new String[0]));
        assertThat(asrPredictions(cmd)).isNull();
        cmd = command.equals("eval") ? new EvalCommand() : new PredictCommand();
        List<String> on = new java.util.ArrayList<>(base);
        on.add("--no-asr-predictions");
        new CommandLine(cmd).parseArgs(on.toArray(new String[0]));
        assertThat(asrPredictions(cmd)).isFalse();
    }

    @Test
    void demoProjectsReferencesUnlessTold() {
        DemoCommand d = new DemoCommand();
        new CommandLine(d).parseArgs();
        assertThat(d.asrReferences).isTrue();
        d = new DemoCommand();
        new CommandLine(d).parseArgs("--no-asr-references");
        assertThat(d.asrReferences).isFalse();
    }

    private static Boolean asrPredictions(Object cmd) {
        return cmd instanceof EvalCommand e ? e.asrPredictions : ((PredictCommand) cmd).asrPredictions;
    }
}
