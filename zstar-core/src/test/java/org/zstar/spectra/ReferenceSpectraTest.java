package org.zstar.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.InputFormatException;
import org.zstar.testutil.SharedData;

class ReferenceSpectraTest {
    private static final Path FIX = org.zstar.testutil.TestFixtures.fixture("ir");

    @Test
    void readsXyWithCommentsSeparatorsAndSorts() {
        Spectrum s = ReferenceSpectra.read(FIX.resolve("reference.xy"));
        assertThat(s.wavenumbers()).containsExactly(1000, 1500, 2000, 3000);
        assertThat(s.values()).containsExactly(0.1, 0.2, 0.5, 1.0);
    }

    @Test
    void convertsNkToNAlpha() {
        Spectrum s = ReferenceSpectra.read(FIX.resolve("nk.yml"));
        // lambda 4 um -> 2500 cm^-1; alpha = 4 pi k / lambda = 4 pi 0.02 / 4e-4 cm = 628.3185 cm^-1; n alpha = 848.2300
        // lambda 3 um -> 3333.33 cm^-1; 4 pi 0.2 / 3e-4 = 8377.580 cm^-1; times 1.40 = 11728.612
        // lambda 2 um -> 5000 cm^-1;   4 pi 0.01 / 2e-4 = 628.3185; times 1.30 = 816.8141
        assertThat(s.wavenumbers()[0]).isCloseTo(2500, within(1e-9));
        assertThat(s.wavenumbers()[1]).isCloseTo(3333.3333, within(1e-3));
        assertThat(s.wavenumbers()[2]).isCloseTo(5000, within(1e-9));
        assertThat(s.values()[0]).isCloseTo(848.2300, within(1e-3));
        assertThat(s.values()[1]).isCloseTo(11728.612, within(1e-2));
        assertThat(s.values()[2]).isCloseTo(816.8141, within(1e-3));
    }

    @Test
    void brokenXyNamesTheLine(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("bad.dat");
        Files.writeString(p, "# header\n1000 0.5\n1100 abc\n");
        assertThatThrownBy(() -> ReferenceSpectra.read(p)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("bad.dat:3").hasMessageContaining("abc");
        Path q = dir.resolve("one.dat");
        Files.writeString(q, "1000\n");
        assertThatThrownBy(() -> ReferenceSpectra.read(q)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("one.dat:1");
    }

    @Test
    void yamlWithoutNkIsRejected(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("f.yml");
        Files.writeString(p, "DATA:\n  - type: formula 2\n    coefficients: 1 2 3\n");
        assertThatThrownBy(() -> ReferenceSpectra.read(p)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("tabulated nk");
        Path q = dir.resolve("g.yml");
        Files.writeString(q, "DATA:\n  - type: tabulated nk\n    data: |\n        2.0 1.3\n");
        assertThatThrownBy(() -> ReferenceSpectra.read(q)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("g.yml:4");
    }

    /** Experimental liquid water: the O-H stretch band of n alpha peaks near 3390 cm^-1. */
    @Test
    void experimentalWaterPeaksNear3390() {
        for (String f : List.of("water_nk_Hale.yml", "water_nk_Segelstein.yml")) {
            Spectrum s = ReferenceSpectra.read(SharedData.require("water-ir-experiment/" + f));
            int i = s.argMax(2800, 3800);
            double peak = s.wavenumbers()[i];
            assertThat(peak).as(f).isBetween(3330.0, 3450.0);
            // bending band near 1640 cm^-1 is a separate, weaker maximum
            int b = s.argMax(1500, 1800);
            assertThat(s.wavenumbers()[b]).as(f).isBetween(1600.0, 1680.0);
            assertThat(s.values()[b]).as(f).isLessThan(s.values()[i]);
            System.out.printf("%s: n alpha peak %.1f cm^-1 (%.0f cm^-1), bend %.1f cm^-1 (%.0f cm^-1)%n", f, peak,
                    s.values()[i], s.wavenumbers()[b], s.values()[b]);
        }
    }
}
