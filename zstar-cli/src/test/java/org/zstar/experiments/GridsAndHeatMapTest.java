package org.zstar.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.plot.HeatMap;

class GridsAndHeatMapTest {
    @Test
    void parsesListsAndLogGrids() {
        double[] g = Grids.parse("0,log:1e-3:10:5", "--lambda-q");
        assertThat(g).hasSize(6);
        assertThat(g[0]).isEqualTo(0.0);
        double[] expect = {1e-3, 1e-2, 1e-1, 1, 10};
        for (int k = 0; k < 5; k++) {
            assertThat(g[k + 1]).isCloseTo(expect[k], within(1e-12 * expect[k]));
        }
        assertThat(Grids.parse("1e-8, 2e-8", "x")).containsExactly(1e-8, 2e-8);
        assertThatThrownBy(() -> Grids.parse("log:0:1:3", "--lambda-w")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--lambda-w");
        assertThatThrownBy(() -> Grids.parse("-1", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grids.parse("abc", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelsAreCompact() {
        assertThat(HeatMap.label(0)).isEqualTo("0");
        assertThat(HeatMap.label(1e-10)).isEqualTo("1e-10");
        assertThat(HeatMap.label(3.16227766e-4)).isEqualTo("3.2e-4");
        assertThat(HeatMap.label(0.1)).isEqualTo("0.1");
        assertThat(HeatMap.label(10)).isEqualTo("10");
    }

    @Test
    void writesPngAndSvgAndChecksShapes(@TempDir Path dir) throws Exception {
        HeatMap h = new HeatMap("x", new String[] {"a", "b", "c"}, "y", new String[] {"1", "2"})
                .panel("p (e)", new double[][] {{1, 2, 3}, {4, Double.NaN, 6}}, "%.2f", true);
        h.writePngAndSvg(dir.resolve("h").toString());
        assertThat(Files.size(dir.resolve("h.png"))).isGreaterThan(1000);
        assertThat(Files.readString(dir.resolve("h.svg"))).contains("<svg");
        assertThatThrownBy(() -> h.panel("bad", new double[][] {{1, 2}}, "%.2f", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
