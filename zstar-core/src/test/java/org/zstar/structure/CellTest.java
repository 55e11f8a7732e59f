package org.zstar.structure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CellTest {

    private static Cell triclinic() {
        return Cell.periodic(new double[][] {{5.0, 0.3, -0.2}, {1.7, 4.6, 0.4}, {-0.9, 1.1, 6.2}});
    }

    @Test
    void fractionalRoundTripAndVolume() {
        Cell c = triclinic();
        double[] r = {1.3, -2.2, 7.9};
        double[] back = c.toCartesian(c.toFractional(r));
        assertThat(back).containsExactly(r, within(1e-12));
        double[] l = c.lattice();
        double det = Mat3.det(l);
        assertThat(c.volume()).isCloseTo(Math.abs(det), within(1e-12));
        // fractional coordinates of lattice vector b are (0,1,0)
        assertThat(c.toFractional(new double[] {l[3], l[4], l[5]})).containsExactly(new double[] {0, 1, 0}, within(1e-12));
    }

    @Test
    void wrapKeepsFractionalInUnitInterval() {
        Cell c = triclinic();
        Random rnd = new Random(3);
        for (int t = 0; t < 100; t++) {
            double[] r = {rnd.nextGaussian() * 20, rnd.nextGaussian() * 20, rnd.nextGaussian() * 20};
            double[] f = c.toFractional(c.wrap(r));
            for (double v : f) {
                assertThat(v).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            }
            // wrapping only moves by a lattice vector: fractional difference is integral
            double[] d = c.toFractional(new double[] {r[0] - c.wrap(r)[0], r[1] - c.wrap(r)[1], r[2] - c.wrap(r)[2]});
            for (double v : d) {
                assertThat(Math.abs(v - Math.rint(v))).isLessThan(1e-9);
            }
        }
    }

    @Test
    void minimumImageIsShortestAmongBruteForceImages() {
        Cell c = triclinic();
        Random rnd = new Random(5);
        for (int t = 0; t < 200; t++) {
            double[] d = {rnd.nextGaussian() * 8, rnd.nextGaussian() * 8, rnd.nextGaussian() * 8};
            double[] m = c.minimumImage(d);
            double best = Double.MAX_VALUE;
            for (int i = -9; i <= 9; i++) {
                for (int j = -9; j <= 9; j++) {
                    for (int k = -9; k <= 9; k++) {
                        double x = d[0] + i * c.vector(0, 0) + j * c.vector(1, 0) + k * c.vector(2, 0);
                        double y = d[1] + i * c.vector(0, 1) + j * c.vector(1, 1) + k * c.vector(2, 1);
                        double z = d[2] + i * c.vector(0, 2) + j * c.vector(1, 2) + k * c.vector(2, 2);
                        best = Math.min(best, x * x + y * y + z * z);
                    }
                }
            }
            assertThat(Mat3.dot(m, m)).isCloseTo(best, within(1e-9));
        }
    }

    @Test
    void planeSpacingOfOrthorhombicCellIsEdgeLength() {
        Cell c = Cell.orthorhombic(3, 4, 5);
        assertThat(c.planeSpacing(0)).isCloseTo(3, within(1e-12));
        assertThat(c.planeSpacing(1)).isCloseTo(4, within(1e-12));
        assertThat(c.planeSpacing(2)).isCloseTo(5, within(1e-12));
    }

    @Test
    void singularCellIsRejected() {
        assertThatThrownBy(() -> Cell.periodic(new double[][] {{1, 0, 0}, {2, 0, 0}, {0, 0, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singular");
    }
}
