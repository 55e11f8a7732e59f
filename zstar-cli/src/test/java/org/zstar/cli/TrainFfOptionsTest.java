package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.zstar.forcefield.ForceFieldDefaults;
import org.zstar.forcefield.ForceFieldTrainingOptions;
import org.zstar.models.TrainingOptions;
import org.zstar.util.UserInputException;
import picocli.CommandLine;

/** train-ff's options become the typed force-field settings, defaults from {@link ForceFieldDefaults}. */
class TrainFfOptionsTest {

    static ForceFieldTrainingOptions parse(String... extra) {
        TrainFfCommand c = new TrainFfCommand();
        String[] args = new String[extra.length + 4];
        args[0] = "--data";
        args[1] = "x.xyz";
        args[2] = "--out";
        args[3] = "x.ff";
        System.arraycopy(extra, 0, args, 4, extra.length);
        new CommandLine(c).parseArgs(args);
        return c.options();
    }

    @Test
    void noOptionsGiveTheLibraryDefaults() {
        ForceFieldTrainingOptions o = parse();
        assertThat(o.toMap()).isEqualTo(ForceFieldTrainingOptions.defaults().toMap());
        assertThat(o.threads()).isEqualTo(ForceFieldDefaults.threads());
    }

    @Test
    void everyOptionReachesItsSetting() {
        ForceFieldTrainingOptions o = parse("--zeta", "3", "--refs", "H=15,O=10", "--selection", "fps", "--lambda",
                "1e-6", "--energy-weight", "2", "--force-weight", "0.5", "--stress-weight", "0", "--threads", "2");
        assertThat(o.zeta()).isEqualTo(3);
        assertThat(o.references("H")).isEqualTo(15);
        assertThat(o.references("O")).isEqualTo(10);
        assertThat(o.references("Si")).isEqualTo(ForceFieldDefaults.REFERENCES); // species not named
        assertThat(o.selection()).isEqualTo(TrainingOptions.Selection.FPS);
        assertThat(o.lambda()).isEqualTo(1e-6);
        assertThat(o.energyWeight()).hasValue(2.0);
        assertThat(o.forceWeight()).hasValue(0.5);
        assertThat(o.stressWeight()).hasValue(0.0);
        assertThat(o.threads()).isEqualTo(2);
        // "*" sets every species not named
        assertThat(parse("--refs", "*=40,H=15").references("O")).isEqualTo(40);
        assertThat(parse("--refs", "40").references("O")).isEqualTo(40);
    }

    @Test
    void impossibleValuesAreUserErrors() {
        assertThatThrownBy(() -> parse("--zeta", "0")).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> parse("--selection", "random")).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> parse("--refs", "0")).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> parse("--lambda", "-1")).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> parse("--force-weight", "-1")).isInstanceOf(UserInputException.class);
        assertThatThrownBy(() -> parse("--threads", "0")).isInstanceOf(UserInputException.class);
    }
}
