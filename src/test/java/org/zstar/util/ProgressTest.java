package org.zstar.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void quietWhenNotOnATerminal() {
        // surefire runs the tests with redirected streams: no terminal
        assertThat(Progress.isInteractive()).isFalse();
        PrintStream old = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Progress p = Progress.start("fitting", 10)) {
            assertThat(p.showsBar()).isFalse();
            p.step();
            p.step(9);
            p.message("ignored");
            assertThat(p.done()).isEqualTo(10);
        } finally {
            System.setErr(old);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void interactiveModeDrawsABarWithTaskName() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Progress p = Progress.create("descriptors", 4, true,
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(p.showsBar()).isTrue();
            p.step(4);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("descriptors").contains("4/4");
    }
}
