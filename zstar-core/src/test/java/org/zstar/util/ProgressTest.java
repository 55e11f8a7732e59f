package org.zstar.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void theLibraryIsSilentByDefault() {
        try (Progress p = Progress.start("fitting", 10)) {
            assertThat(p.showsBar()).isFalse();
            p.step();
            p.step(9);
            p.message("ignored");
            assertThat(p.done()).isEqualTo(10);
        }
    }

    @Test
    void anExplicitDisplaySeesEveryStepAndOneClose() {
        List<Long> seen = new ArrayList<>();
        int[] closes = {0};
        Progress.Display d = new Progress.Display() {
            @Override
            public void update(long done, String message) {
                seen.add(done);
            }

            @Override
            public void close() {
                closes[0]++;
            }
        };
        Progress p = Progress.with(d);
        p.step();
        p.step(3);
        p.close();
        p.close();
        p.step(); // after close: counted, not shown
        assertThat(seen).containsExactly(1L, 4L);
        assertThat(closes[0]).isEqualTo(1);
        assertThat(p.done()).isEqualTo(5);
    }

    @Test
    void negativeTotalsAreRefused() {
        assertThatThrownBy(() -> Progress.start("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
