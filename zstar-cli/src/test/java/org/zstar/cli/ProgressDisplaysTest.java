package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.zstar.util.Progress;

class ProgressDisplaysTest {

    @Test
    void surefireHasNoTerminal() {
        assertThat(ProgressDisplays.isInteractive()).isFalse();
    }

    @Test
    void batchLogsGetALineEveryTenth() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Progress p = Progress.with(ProgressDisplays.lines("fit", 100,
                new PrintStream(out, true, StandardCharsets.UTF_8)))) {
            for (int i = 0; i < 100; i++) {
                p.step();
            }
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(10);
        assertThat(text).contains("fit: 10% (10/100)").contains("fit: 100% (100/100)").contains("ETA");
    }

    @Test
    void bigStepsPrintOneLineNotOnePerTenth() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Progress p = Progress.with(ProgressDisplays.lines("fit", 10,
                new PrintStream(out, true, StandardCharsets.UTF_8)))) {
            p.step(10);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    @Test
    void interactiveModeDrawsABarWithTaskName() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Progress p = Progress.with(ProgressDisplays.bar("descriptors", 4,
                new PrintStream(out, true, StandardCharsets.UTF_8)))) {
            p.step(4);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("descriptors").contains("4/4");
    }
}
