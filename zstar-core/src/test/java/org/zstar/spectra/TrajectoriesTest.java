package org.zstar.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

class TrajectoriesTest {
    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 4);
    }

    /** A random walk through a triclinic cell, wrapped each frame, is recovered exactly by unwrapping. */
    @ParameterizedTest
    @MethodSource("seeds")
    void unwrapRecoversRandomWalkInTriclinicCell(long seed) {
        Random rnd = new Random(seed);
        Cell cell = new Cell(new double[] {6, 0, 0, 2.5, 5.5, 0, -1.5, 1.0, 7}, new boolean[] {true, true, true});
        int atoms = 5;
        double[] truth = new double[3 * atoms];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = 6 * rnd.nextDouble();
        }
        Trajectories.Unwrapper u = new Trajectories.Unwrapper();
        double[] first = null;
        for (int t = 0; t < 300; t++) {
            if (t > 0) {
                for (int i = 0; i < truth.length; i++) {
                    truth[i] += 0.3 * rnd.nextGaussian() + 0.1; // drifts over many cells
                }
            }
            double[] wrapped = new double[truth.length];
            for (int j = 0; j < atoms; j++) {
                double[] w = cell.wrap(new double[] {truth[3 * j], truth[3 * j + 1], truth[3 * j + 2]});
                System.arraycopy(w, 0, wrapped, 3 * j, 3);
            }
            Structure s = Structure.builder().symbols("O", "O", "O", "O", "O").positions(wrapped).cell(cell).build();
            double[] un = u.next(s);
            if (t == 0) {
                first = truth.clone();
                // first frame kept as given; record the offset between given and true positions
                for (int i = 0; i < un.length; i++) {
                    first[i] = un[i] - truth[i];
                }
            }
            for (int i = 0; i < un.length; i++) {
                assertThat(un[i] - truth[i]).as("frame %d comp %d", t, i).isCloseTo(first[i], within(1e-9));
            }
        }
    }

    @Test
    void derivativeIsExactForQuadratics() {
        // x(t) = 2 - 3 t + 0.5 t^2 (and a second column 4 t^2), dt = 0.25: x'(t) = -3 + t, 8 t
        int n = 7;
        double dt = 0.25;
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double t = i * dt;
            x[2 * i] = 2 - 3 * t + 0.5 * t * t;
            x[2 * i + 1] = 4 * t * t;
        }
        double[] d = Trajectories.derivative(x, 2, dt);
        for (int i = 0; i < n; i++) {
            double t = i * dt;
            assertThat(d[2 * i]).isCloseTo(-3 + t, within(1e-12));
            assertThat(d[2 * i + 1]).isCloseTo(8 * t, within(1e-12));
        }
        assertThatThrownBy(() -> Trajectories.derivative(new double[4], 2, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
