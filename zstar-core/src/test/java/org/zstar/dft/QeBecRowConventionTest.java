package org.zstar.dft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Structure;

/**
 * The row convention of ph.x's effective charges, checked against an independent real calculation: the
 * Berry-phase polarisation (pw.x lberry, gdir = 1, 4 k-points per string) of the same water molecule with
 * hydrogen 2 moved by +-0.01 A along z (fixtures/qe-real/berry). The central difference
 * {@code Z[x][z] = Omega dP_x/dz_2} (e) must match ph.x's row Ex, column z of atom 2 (0.06947), i.e. rows =
 * field direction, and not the transposed element (row Ez, column x: 0.12704).
 */
class QeBecRowConventionTest {
    static final Path BERRY = QePrepareTest.FIXTURES.resolve("berry");
    /** QE 6.7's bohr (CODATA 2006), the unit of its printed polarisation and of the displacement here. */
    static final double BOHR_QE67 = 0.52917720859;

    /** "P =   0.0037887  (mod   9.4486306)  (e/Omega).bohr": the cell dipole along x in e bohr. */
    static double cellDipole(Path nscfOut) throws Exception {
        Matcher m = Pattern.compile("P =\\s+(\\S+)\\s+\\(mod\\s+\\S+\\)\\s+\\(e/Omega\\)\\.bohr").matcher(Files.readString(nscfOut));
        assertThat(m.find()).as("Berry-phase polarisation in " + nscfOut).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void phRowsAreTheFieldDirection() throws Exception {
        assertThat(Files.readString(BERRY.resolve("plus/nscf.in"))).contains("H 3.27 2.50 2.01", "gdir = 1");
        assertThat(Files.readString(BERRY.resolve("minus/nscf.in"))).contains("H 3.27 2.50 1.99", "gdir = 1");
        double dz = 0.02 / BOHR_QE67; // bohr
        // Z[x][z] of atom 2 = d(Omega P_x)/dz_2, central difference
        double zxz = (cellDipole(BERRY.resolve("plus/nscf.out")) - cellDipole(BERRY.resolve("minus/nscf.out"))) / dz;
        Structure s = QeFixtures.collectFixture();
        double[] z = s.bec();
        double rowField = z[9 + 3 * 0 + 2];   // bec[9j + 3a + b], a = x (field), b = z (displacement)
        double transposed = z[9 + 3 * 2 + 0]; // a = z, b = x
        assertThat(zxz).isCloseTo(rowField, within(0.015)); // 0.0767 vs 0.0695: 4 k-points vs Gamma, finite step
        assertThat(Math.abs(zxz - transposed)).isGreaterThan(4 * Math.abs(zxz - rowField));
    }
}
