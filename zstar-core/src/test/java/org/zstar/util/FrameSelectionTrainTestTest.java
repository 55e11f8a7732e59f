package org.zstar.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameSelectionTrainTestTest {

    @Test
    void listFractionAndExplicitTrainingFrames() {
        FrameSelection.Split s = FrameSelection.trainTest(10, "7-9", null, null, 1L);
        assertThat(s.test()).containsExactly(7, 8, 9);
        assertThat(s.train()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        FrameSelection.Split r = FrameSelection.trainTest(20, null, 0.25, null, 3L);
        assertThat(r.test()).hasSize(5);
        assertThat(r.train()).hasSize(15).doesNotContain(r.test());
        assertThat(FrameSelection.trainTest(20, null, 0.25, null, 3L).test()).containsExactly(r.test()); // seeded
        assertThat(FrameSelection.trainTest(10, "9", null, "0-2", 1L).train()).containsExactly(0, 1, 2);
        assertThat(FrameSelection.trainTest(4, null, null, null, 1L).test()).isEmpty();
    }

    @Test
    void overlapsEmptyTrainingAndBothFormsAreRejected() {
        assertThatThrownBy(() -> FrameSelection.trainTest(10, "5", null, "4-6", 1L)).hasMessageContaining("frame 5");
        assertThatThrownBy(() -> FrameSelection.trainTest(3, "0-2", null, null, 1L)).hasMessageContaining("no training");
        assertThatThrownBy(() -> FrameSelection.trainTest(10, "1", 0.2, null, 1L)).hasMessageContaining("not both");
    }
}
