package org.zstar.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameSelectionTest {

    @Test
    void parsesRangesAndSingles() {
        assertThat(FrameSelection.parse("0-89", 100)).containsExactly(IntStream.range(0, 90).toArray());
        assertThat(FrameSelection.parse("90-99,120", 121)).containsExactly(90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 120);
        assertThat(FrameSelection.parse(" 5 , 1-2 ", 6)).containsExactly(1, 2, 5);
        assertThat(FrameSelection.parse("3-3", 4)).containsExactly(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0-100; out of range",
        "5-3; reversed",
        "1,,2; empty item",
        "a-3; not a frame index",
        "-1; not a frame index",
        "1-2,2; listed twice",
        "1.5; not a frame index",
        "99999999999; too large"})
    void rejectsBadSpecsWithClearMessages(String spec, String message) {
        assertThatThrownBy(() -> FrameSelection.parse(spec, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageContaining(spec);
    }

    @Test
    void rejectsEmptySpec() {
        assertThatThrownBy(() -> FrameSelection.parse("  ", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void explicitSplitIsComplementary() {
        FrameSelection.Split s = FrameSelection.explicit("90-99", 100);
        assertThat(s.test()).hasSize(10).startsWith(90);
        assertThat(s.train()).containsExactly(IntStream.range(0, 90).toArray());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 7})
    void randomSplitIsSeededDisjointAndComplete(long seed) {
        FrameSelection.Split a = FrameSelection.random(120, 0.1, seed);
        FrameSelection.Split b = FrameSelection.random(120, 0.1, seed);
        assertThat(a.test()).containsExactly(b.test());
        assertThat(a.test()).hasSize(12);
        int[] all = IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.test())).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, 120).toArray());
        FrameSelection.Split other = FrameSelection.random(120, 0.1, seed + 1000);
        assertThat(other.test()).isNotEqualTo(a.test());
        // not simply the last frames
        assertThat(a.test()).isNotEqualTo(IntStream.range(108, 120).toArray());
    }

    @Test
    void evenSplitSpreadsTestFrames() {
        FrameSelection.Split s = FrameSelection.evenlySpaced(100, 0.1);
        assertThat(s.test()).containsExactly(5, 15, 25, 35, 45, 55, 65, 75, 85, 95);
        assertThat(s.train()).hasSize(90);
        assertThat(FrameSelection.evenlySpaced(3, 0.01).test()).hasSize(1);
        assertThatThrownBy(() -> FrameSelection.random(10, 1.0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> FrameSelection.evenlySpaced(1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
