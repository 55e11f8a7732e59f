package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.zstar.testutil.SharedData;

/** `zstar bench train` times the stages `zstar train` runs by default (skips without ../shared/data). */
class BenchTrainCommandTest {

    @Test
    void reportsEveryStageOfTheDefaultTrainingIncludingThePosteriorAndItsCalibration() {
        Path d = SharedData.require("zro2-vasp-outcar");
        List<String> args = new ArrayList<>(List.of("bench", "train", "--data"));
        for (int i = 1; i <= 3; i++) {
            args.add(d.resolve("OUTCAR." + i + ".gz").toString());
        }
        args.addAll(List.of("--charge-refs", "Zr=10,O=20", "--n2", "6", "--n3", "4", "--lmax", "2", "--r3", "4",
                "--threads", "1"));
        String[] r = CliRun.run(args.toArray(new String[0]));
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        String out = r[1];
        for (String stage : List.of("read", "selection", "designs", "assembly SYRK+GEMV", "solve + posterior",
                "calibration", "total", "peak heap")) {
            assertThat(out).as(out).contains("  " + stage);
        }
        // the default calibration holds out the last 10 % of the training frames, at least one
        assertThat(out).contains("1 held-out training frames downdated and solved, 1 of their designs kept from the assembly");
        Matcher m = Pattern.compile("calibration +([0-9.]+) s").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
    }
}
