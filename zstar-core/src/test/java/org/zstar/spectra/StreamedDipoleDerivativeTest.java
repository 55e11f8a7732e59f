package org.zstar.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

class StreamedDipoleDerivativeTest {
    static final double DT = 0.5;

    /**
     * Z_j = q_j I + 0.3 sin(x_j + 2 y_j) M with a non-symmetric M: BECs that change along the trajectory, so that
     * a row fed the wrong frame's BECs (or a transposed Z) shows.
     */
    static final class WavyModel implements BecModel {
        static final double[] M = {0.1, 0.7, -0.2, -0.4, 0.05, 0.3, 0.6, -0.1, 0.2};

        @Override
        public List<String> species() {
            return List.of("Na", "Cl");
        }

        @Override
        public BecPrediction predict(Structure s) {
            int n = s.size();
            double[] z = new double[9 * n];
            double[] r = s.positionsView();
            for (int j = 0; j < n; j++) {
                double q = s.symbol(j).equals("Na") ? 1.1 : -1.1;
                double w = 0.3 * Math.sin(r[3 * j] + 2 * r[3 * j + 1]);
                for (int k = 0; k < 9; k++) {
                    z[9 * j + k] = w * M[k] + (k % 4 == 0 ? q : 0);
                }
            }
            return new BecPrediction(null, null, z, null, null, null, null);
        }
    }

    /** Atoms oscillating in a periodic 4 A box (wrapped, so some cross the boundary), with velocities and time_fs. */
    static List<Structure> trajectory(int frames, long seed) {
        Random rnd = new Random(seed);
        int n = 6;
        double[] r0 = new double[3 * n];
        double[] amp = new double[3 * n];
        double[] omega = new double[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            r0[i] = 4 * rnd.nextDouble();
            amp[i] = 0.2 + 0.5 * rnd.nextDouble();
            omega[i] = 0.05 + 0.1 * rnd.nextDouble();
        }
        String[] sym = new String[n];
        for (int j = 0; j < n; j++) {
            sym[j] = j % 2 == 0 ? "Na" : "Cl";
        }
        Cell cell = Cell.orthorhombic(4, 4, 4);
        List<Structure> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            double t = 10 + f * DT;
            double[] r = new double[3 * n];
            double[] v = new double[3 * n];
            for (int i = 0; i < 3 * n; i++) {
                double x = r0[i] + amp[i] * Math.sin(omega[i] * t);
                r[i] = x - 4 * Math.floor(x / 4);
                v[i] = amp[i] * omega[i] * Math.cos(omega[i] * t);
            }
            out.add(Structure.builder().symbols(sym).positions(r).cell(cell).velocities(v).info("time_fs", t).build());
        }
        return out;
    }

    static double[] onePass(List<Structure> frames, boolean fileVelocities) {
        DipoleDerivativeSeries s = DipoleDerivativeSeries.bec(new WavyModel(), DT, fileVelocities);
        frames.forEach(s::accept);
        return s.finish();
    }

    static double[] streamed(List<Structure> frames, boolean fileVelocities, int block, List<Integer> blockStarts) {
        List<double[]> parts = new ArrayList<>();
        StreamedDipoleDerivative.stream(new WavyModel(), frames.iterator(), null, fileVelocities, block, (p, r) -> {
            blockStarts.add((int) r.first());
            parts.add(r.dmdt());
        });
        return concat(parts);
    }

    static double[] concat(List<double[]> parts) {
        int len = parts.stream().mapToInt(a -> a.length).sum();
        double[] out = new double[len];
        int at = 0;
        for (double[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void streamedBlocksEqualOnePassOverTheWholeTrajectory() {
        // 23 = 5 blocks of 4 + 3; 21 = 4 blocks of 4 + 1 (the single last frame joins the block before); 3 frames
        int[][] cases = {{23, 4}, {21, 4}, {3, 2}, {10, 100}, {40, 2}};
        for (int[] c : cases) {
            List<Structure> frames = trajectory(c[0], c[0]);
            for (boolean fileVelocities : new boolean[] {false, true}) {
                double[] expected = onePass(frames, fileVelocities);
                List<Integer> starts = new ArrayList<>();
                double[] got = streamed(frames, fileVelocities, c[1], starts);
                assertThat(got.length).isEqualTo(3 * c[0]);
                double scale = maxAbs(expected);
                for (int i = 0; i < got.length; i++) {
                    // the blocks unwrap from their own first frame: equal up to rounding of the positions
                    assertThat(Math.abs(got[i] - expected[i])).as("N=%d B=%d file=%s entry %d", c[0], c[1],
                            fileVelocities, i).isLessThanOrEqualTo(1e-12 * scale);
                }
                if (c[0] > c[1] + 1 && !fileVelocities) {
                    assertThat(starts).hasSizeGreaterThan(1);
                }
            }
        }
    }

    @Test
    void velocitiesFromDifferencesApproachTheFileVelocities() {
        // a consistency check of the stencils and of Z v (not Z^T v): central differences at dt = 0.5 fs of
        // motions with periods of ~60 fs agree with the analytic velocities to O((omega dt)^2)
        List<Structure> frames = trajectory(30, 7);
        List<Integer> starts = new ArrayList<>();
        double[] diff = streamed(frames, false, 8, starts);
        double[] file = streamed(frames, true, 8, new ArrayList<>());
        double scale = maxAbs(file);
        for (int i = 3; i < diff.length - 3; i++) {
            assertThat(Math.abs(diff[i] - file[i])).isLessThan(5e-3 * scale);
        }
        assertThat(starts).containsExactly(0, 8, 16, 24);
    }

    @Test
    void blocksComputedApartEqualTheStreamBitForBit() {
        List<Structure> frames = trajectory(37, 3);
        for (boolean fileVelocities : new boolean[] {false, true}) {
            StreamedDipoleDerivative.Plan plan = StreamedDipoleDerivative.plan(frames.get(0), frames.get(1), null,
                    fileVelocities, 5);
            List<StreamedDipoleDerivative.Block> layout = StreamedDipoleDerivative.layout(frames.size(), plan);
            double[] expected = streamed(frames, fileVelocities, 5, new ArrayList<>());
            // two "partitions": blocks 0..2 and 3.., each reading only its own frame range
            List<double[]> parts = new ArrayList<>();
            for (List<StreamedDipoleDerivative.Block> part : List.of(layout.subList(0, 3),
                    layout.subList(3, layout.size()))) {
                int from = (int) part.get(0).fedFirst();
                int to = (int) part.get(part.size() - 1).fedLast();
                Iterator<Structure> it = frames.subList(from, to + 1).iterator();
                StreamedDipoleDerivative.blocks(new WavyModel(), plan, part, it, (p, r) -> parts.add(r.dmdt()));
                assertThat(it.hasNext()).isFalse();
            }
            assertThat(concat(parts)).containsExactly(expected);
        }
    }

    @Test
    void rowsLeaveBeforeTheTrajectoryIsReadWhole() {
        List<Structure> frames = trajectory(50, 5);
        int[] read = {0};
        Iterator<Structure> counting = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return read[0] < frames.size();
            }

            @Override
            public Structure next() {
                return frames.get(read[0]++);
            }
        };
        List<Integer> readWhenRowsArrived = new ArrayList<>();
        StreamedDipoleDerivative.stream(new WavyModel(), counting, null, false, 10,
                (p, r) -> readWhenRowsArrived.add(read[0]));
        // block [0,10) is done once frame 11 is read (frame 10 is its halo), and so on
        assertThat(readWhenRowsArrived).containsExactly(12, 22, 32, 42, 50);
    }

    @Test
    void timeColumnAndVolumesFollowTheFrames() {
        List<Structure> frames = trajectory(6, 1);
        StringBuilder csv = new StringBuilder();
        StreamedDipoleDerivative.stream(new WavyModel(), frames.iterator(), 0.5, true, 4,
                (p, r) -> StreamedDipoleDerivative.appendCsv(csv, p, r));
        String[] lines = csv.toString().split("\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("10.000000,").endsWith(",64.000000");
        assertThat(lines[5]).startsWith("12.500000,");
    }

    @Test
    void inconsistentFramesAreTheUsersMistake() {
        List<Structure> frames = trajectory(8, 2);
        assertThatThrownBy(() -> StreamedDipoleDerivative.stream(new WavyModel(), frames.iterator(), 0.25, true, 4,
                (p, r) -> { })).isInstanceOf(UserInputException.class).hasMessageContaining("--dt 0.25");
        List<Structure> gap = new ArrayList<>(frames);
        gap.remove(5);
        assertThatThrownBy(() -> StreamedDipoleDerivative.stream(new WavyModel(), gap.iterator(), null, true, 4,
                (p, r) -> { })).isInstanceOf(UserInputException.class).hasMessageContaining("frame 5 is at time_fs");
        List<Structure> untimed = new ArrayList<>();
        for (Structure s : frames.subList(0, 2)) {
            untimed.add(Structure.builder().symbols(s.symbols()).positions(s.positions()).cell(s.cell()).build());
        }
        assertThatThrownBy(() -> StreamedDipoleDerivative.stream(new WavyModel(), untimed.iterator(), null, false, 4,
                (p, r) -> { })).isInstanceOf(UserInputException.class).hasMessageContaining("--dt");
        assertThatThrownBy(() -> StreamedDipoleDerivative.stream(new WavyModel(), untimed.iterator(), 1.0, false, 4,
                (p, r) -> { })).isInstanceOf(UserInputException.class).hasMessageContaining("at least 3 frames");
    }
}
