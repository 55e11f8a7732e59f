package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

class ExtXyzWriterTest {
    @TempDir
    Path tmp;

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L, 42L);
    }

    static Structure random(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(7);
        String[] sym = new String[n];
        String[] pool = {"H", "O", "Zr", "Si", "Ba"};
        for (int i = 0; i < n; i++) {
            sym[i] = pool[r.nextInt(pool.length)];
        }
        double[] pos = new double[3 * n];
        double[] f = new double[3 * n];
        double[] bec = new double[9 * n];
        double[] q = new double[n];
        for (int i = 0; i < 3 * n; i++) {
            pos[i] = r.nextGaussian() * 3;
            f[i] = r.nextGaussian() / 7;
        }
        for (int i = 0; i < 9 * n; i++) {
            bec[i] = r.nextGaussian() * Math.PI; // not symmetric: a transposition would show
        }
        for (int i = 0; i < n; i++) {
            q[i] = r.nextGaussian();
        }
        Structure.Builder b = Structure.builder().symbols(sym).positions(pos).forces(f).bec(bec)
                .atomArray(Structure.CHARGES, q).atomArray(Structure.DIPOLES, f).velocities(pos)
                .energy(r.nextGaussian() * 1e3).dipole(new double[] {r.nextDouble(), -r.nextDouble(), 1e-17})
                .totalCharge(seed % 2 == 0 ? 0.0 : -1.0).info("label", "frame \"" + seed + "\"")
                .info("step", seed).info("temperature", 300.0 + r.nextDouble()).info("converged", Boolean.TRUE)
                .info("vector", new double[] {1.0 / 3, 2e-300, -7.5});
        if (seed % 2 == 0) {
            double[] s = new double[9];
            for (int k = 0; k < 9; k++) {
                s[k] = r.nextGaussian() * 1e-3;
            }
            b.cell(new Cell(new double[] {10 + r.nextDouble(), 0.1, 0, 0.3, 11, 0, 0.2, 0.4, 12.5},
                    new boolean[] {true, seed % 4 == 0, true})).stress(s)
                    .dielectric(new double[] {2.1, 0.1, 0, 0.1, 2.2, 0, 0, 0, 2.3});
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void roundTripIsLossless(long seed) {
        List<Structure> frames = new ArrayList<>();
        frames.add(random(seed));
        frames.add(random(seed + 100));
        Path p = tmp.resolve("rt-" + seed + ".extxyz");
        ExtXyzWriter.write(p, frames);
        List<Structure> back = Readers.open(p, ReadOptions.DEFAULTS).readAll();
        assertThat(back).hasSize(2);
        for (int k = 0; k < 2; k++) {
            Structure a = frames.get(k);
            Structure b = back.get(k);
            assertThat(b.symbols()).containsExactly(a.symbols());
            assertThat(b.positions()).containsExactly(a.positions());
            assertThat(b.cell()).isEqualTo(a.cell());
            assertThat(b.atomArrayNames()).containsExactlyInAnyOrderElementsOf(a.atomArrayNames());
            for (String name : a.atomArrayNames()) {
                assertThat(b.atomArray(name)).as(name).containsExactly(a.atomArray(name));
            }
            assertThat(b.energy()).isEqualTo(a.energy());
            assertThat(b.stress()).isEqualTo(a.stress());
            assertThat(b.dipole()).containsExactly(a.dipole());
            assertThat(b.dielectric()).isEqualTo(a.dielectric());
            assertThat(b.totalCharge()).isEqualTo(a.totalCharge());
            assertThat(b.info().get("label")).isEqualTo(a.info().get("label"));
            assertThat(b.info().get("step")).isEqualTo(a.info().get("step"));
            assertThat(b.info().get("temperature")).isEqualTo(a.info().get("temperature"));
            assertThat(b.info().get("converged")).isEqualTo(Boolean.TRUE);
            assertThat((double[]) b.info().get("vector")).containsExactly((double[]) a.info().get("vector"));
        }
    }

    @Test
    void writesBecColumnWithFieldRows() throws Exception {
        Path p = tmp.resolve("one.extxyz");
        ExtXyzWriter.write(p, List.of(random(7)));
        String text = java.nio.file.Files.readString(p);
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).contains(":BEC:R:9");
    }
}
