package org.zstar.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/DEMO.md shows what {@code zstar demo} prints for its BEC part on the built-in data; this test runs that part
 * (the same seed, split and settings as the command) and compares it with the block marked
 * {@value #MARKER}, so that the documented output cannot drift from the code again. Timings are masked, and so
 * are sum-rule residuals at round-off level (below 1e-10 e), which depend on the order of floating-point sums.
 */
class DemoDocTest {
    static final String MARKER = "<!-- checked-output: zstar demo, BEC part";

    static Path demoDoc() {
        String core = System.getProperty("zstar.coreTestResources");
        Path root = core == null || core.isBlank() ? Path.of("..") : Path.of(core).resolve("../../../..").normalize();
        return root.resolve("docs/DEMO.md");
    }

    /** The lines of the first fenced block after the marker. */
    static List<String> checkedBlock(List<String> doc) {
        int i = 0;
        while (i < doc.size() && !doc.get(i).startsWith(MARKER)) {
            i++;
        }
        assertThat(i).as("docs/DEMO.md has a line starting with '" + MARKER + "'").isLessThan(doc.size());
        while (!doc.get(i).startsWith("```")) {
            i++;
        }
        List<String> out = new ArrayList<>();
        for (i++; !doc.get(i).startsWith("```"); i++) {
            out.add(doc.get(i));
        }
        return out;
    }

    /** Masks what may differ between runs: times, and residuals at round-off level. */
    static String normalise(String line) {
        return line.replaceAll("trained in +\\d+\\.\\d s", "trained in # s")
                .replaceAll("\\d\\.\\d+e-(1[0-9]|[2-9][0-9])", "<1e-10")
                .replaceAll("\\| \\d+\\.\\d \\|$", "| # |")
                .stripTrailing();
    }

    @Test
    void documentedBecOutputIsWhatTheDemoPrints() throws IOException {
        List<String> documented = checkedBlock(Files.readAllLines(demoDoc()));
        List<String> printed = new ArrayList<>();
        List<org.zstar.structure.Structure> frames = BecDemo.builtInData();
        BecDemo.Result r = BecDemo.run(frames, BecDemo.builtInLabel(frames.size()), BecDemo.Options.defaults().withThreads(2), printed::add);
        printed.add("");
        printed.addAll(BecDemo.table(r).lines().toList());
        assertThat(documented.stream().map(DemoDocTest::normalise).toList())
                .containsExactlyElementsOf(printed.stream().map(DemoDocTest::normalise).toList());
    }

    @Test
    void normalisationMasksOnlyTimesAndRoundOff() {
        assertThat(normalise("monopole  trained in   6.1 s: RMSE 0.0723 e  ASR 8.88e-16 e"))
                .isEqualTo("monopole  trained in # s: RMSE 0.0723 e  ASR <1e-10 e");
        assertThat(normalise("| dipole | 0.0483 | 5.0e-16 | 0.0473 | 180 | 8.3 |"))
                .isEqualTo("| dipole | 0.0483 | <1e-10 | 0.0473 | 180 | # |");
        // a residual that is not round-off stays
        assertThat(normalise("ASR 3.2e-03 e")).isEqualTo("ASR 3.2e-03 e");
    }
}
