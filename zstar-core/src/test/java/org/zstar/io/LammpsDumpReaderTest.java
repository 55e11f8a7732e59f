package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

class LammpsDumpReaderTest {
    private static final Path FIX = org.zstar.testutil.TestFixtures.fixture("ir");

    @Test
    void readsOrthogonalDumpSortedByIdWithMetalVelocities() {
        List<Structure> frames = new LammpsDumpReader(FIX.resolve("ortho.lammpstrj"), Map.of()).readAll();
        assertThat(frames).hasSize(2);
        Structure f0 = frames.get(0);
        assertThat(f0.symbols()).containsExactly("O", "H", "H");
        assertThat(f0.positions()).containsExactly(0, 0, 0, 0.76, 0.59, 0, 1.0, 0, 0.5);
        // metal units: A/ps -> A/fs (factor 1e-3)
        assertThat(f0.velocities()[4]).isCloseTo(-0.2, within(1e-15));
        assertThat(f0.velocities()[6]).isCloseTo(0.1, within(1e-15));
        assertThat(f0.info().get("timestep")).isEqualTo(0L);
        assertThat(frames.get(1).info().get("timestep")).isEqualTo(10L);
        Cell c = f0.cell();
        assertThat(c.lattice()).containsExactly(10, 0, 0, 0, 10, 0, 0, 0, 12);
        assertThat(c.pbc()).containsExactly(true, true, true);
        assertThat(frames.get(1).velocities()).usingComparatorWithPrecision(1e-15).containsExactly(1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3, 7e-3, 8e-3, 9e-3);
    }

    @Test
    void realUnitsKeepVelocities() {
        Structure f = new LammpsDumpReader(FIX.resolve("ortho.lammpstrj"), Map.of(),
                LammpsDumpReader.REAL_VELOCITY_TO_A_PER_FS).readNext();
        assertThat(f.velocities()[4]).isEqualTo(-200.0);
    }

    @Test
    void readsTriclinicScaledWithTypeMap() {
        Structure f = new LammpsDumpReader(FIX.resolve("triclinic-scaled.lammpstrj"),
                LammpsDumpReader.parseTypeMap("1=Zr, 2=o")).readNext();
        // bounds: xy=2, xz=1, yz=1.5; xlo = 0 - min(0,2,1,3) = 0, xhi = 13 - max(0,2,1,3) = 10,
        // ylo = 0 - min(0,1.5) = 0, yhi = 10.5 - 1.5 = 9; a = (10,0,0), b = (2,9,0), c = (1,1.5,8)
        assertThat(f.cell().lattice()).containsExactly(10, 0, 0, 2, 9, 0, 1, 1.5, 8);
        assertThat(f.cell().pbc()).containsExactly(true, true, false);
        assertThat(f.symbols()).containsExactly("Zr", "O");
        // atom 2 at s = (0.5, 0.5, 0.5): r = (a + b + c) / 2 = (6.5, 5.25, 4)
        assertThat(f.x(1, 0)).isCloseTo(6.5, within(1e-12));
        assertThat(f.x(1, 1)).isCloseTo(5.25, within(1e-12));
        assertThat(f.x(1, 2)).isCloseTo(4.0, within(1e-12));
        assertThat(f.has(Structure.VELOCITIES)).isFalse();
    }

    static List<Arguments> tilts() {
        return List.of(Arguments.of(2.0, 1.0, 1.5), Arguments.of(-2.0, 1.0, -1.5), Arguments.of(-3.0, -2.5, 0.7),
                Arguments.of(0.0, 0.0, 0.0));
    }

    /** Writes bounds the way LAMMPS does for a known cell and checks the cell and scaled/cartesian positions. */
    @ParameterizedTest
    @MethodSource("tilts")
    void triclinicBoundsRoundTrip(double xy, double xz, double yz, @TempDir Path dir) throws IOException {
        double xlo = -1, xhi = 9, ylo = 0.5, yhi = 8.5, zlo = -2, zhi = 5;
        double xlb = xlo + Math.min(Math.min(0, xy), Math.min(xz, xy + xz));
        double xhb = xhi + Math.max(Math.max(0, xy), Math.max(xz, xy + xz));
        double ylb = ylo + Math.min(0, yz);
        double yhb = yhi + Math.max(0, yz);
        double[] s = {0.25, 0.6, 0.9};
        // r = origin + s_a a + s_b b + s_c c with a = (10,0,0), b = (xy,8,0), c = (xz,yz,7)
        double[] r = {xlo + s[0] * 10 + s[1] * xy + s[2] * xz, ylo + s[1] * 8 + s[2] * yz, zlo + s[2] * 7};
        String head = "ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS xy xz yz pp pp pp\n"
                + xlb + " " + xhb + " " + xy + "\n" + ylb + " " + yhb + " " + xz + "\n" + zlo + " " + zhi + " " + yz + "\n";
        Path scaled = dir.resolve("s.dump");
        Files.writeString(scaled, head + "ITEM: ATOMS id element xs ys zs\n1 O " + s[0] + " " + s[1] + " " + s[2] + "\n");
        Path cart = dir.resolve("c.dump");
        Files.writeString(cart, head + "ITEM: ATOMS id element xu yu zu\n1 O " + r[0] + " " + r[1] + " " + r[2] + "\n");
        Structure a = new LammpsDumpReader(scaled, Map.of()).readNext();
        Structure b = new LammpsDumpReader(cart, Map.of()).readNext();
        assertThat(a.cell().lattice()).usingComparatorWithPrecision(1e-12).containsExactly(10, 0, 0, xy, 8, 0, xz, yz, 7);
        for (int k = 0; k < 3; k++) {
            assertThat(a.x(0, k)).isCloseTo(r[k], within(1e-12));
            assertThat(b.x(0, k)).isCloseTo(r[k], within(1e-12));
        }
    }

    @Test
    void imageFlagsUnwrapAndGzipIsRead(@TempDir Path dir) throws IOException {
        String text = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n"
                + "ITEM: ATOMS id type x y z ix iy iz\n1 1 1.0 2.0 3.0 1 -2 0\n";
        Path p = dir.resolve("img.dump.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Structure f = new LammpsDumpReader(p, Map.of(1, "Ar")).readNext();
        assertThat(f.positions()).containsExactly(11.0, -18.0, 3.0);
    }

    @Test
    void unknownItemsAreSkipped(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("t.dump");
        Files.writeString(p, "ITEM: TIMESTEP\n0\nITEM: TIME\n0.5\nITEM: UNITS\nmetal\nITEM: NUMBER OF ATOMS\n1\n"
                + "ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id type x y z\n1 1 1 2 3\n");
        List<Structure> f = new LammpsDumpReader(p, Map.of(1, "Ar")).readAll();
        assertThat(f).hasSize(1);
        assertThat(f.get(0).symbol(0)).isEqualTo("Ar");
    }

    static List<Arguments> broken() {
        String head = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n";
        return List.of(
                Arguments.of(head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n", 10, "file ends inside a frame"),
                Arguments.of(head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 0 zz 0\n", 11, "coordinate"),
                Arguments.of(head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n2 3 0 0 0\n", 11, "type 3 has no element"),
                Arguments.of(head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n1 1 0 0 0\n", 11, "appears twice"),
                Arguments.of(head + "ITEM: ATOMS id type x y\n1 1 0 0\n2 1 0 0\n", 9, "no complete set of positions"),
                Arguments.of(head + "ITEM: ATOMS id type x y z\n1 1 0 0\n2 1 0 0 0\n", 10, "columns"),
                Arguments.of("ITEM: TIMESTEP\nabc\n", 2, "timestep"),
                Arguments.of("hello\n", 1, "expected 'ITEM: TIMESTEP'"),
                Arguments.of("ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 -1\n0 10\n"
                        + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n", 8, "non-positive size"),
                Arguments.of(head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 0 0 0\n" + head
                        + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n7 1 0 0 0\n", 22, "different atom ids"));
    }

    @ParameterizedTest
    @MethodSource("broken")
    void brokenFilesNameFileAndLine(String text, int line, String message, @TempDir Path dir) throws IOException {
        Path p = dir.resolve("bad.dump");
        Files.writeString(p, text);
        assertThatThrownBy(() -> new LammpsDumpReader(p, Map.of(1, "O")).readAll())
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("bad.dump:" + line + ":")
                .hasMessageContaining(message);
    }

    @Test
    void badTypeMapIsAnArgumentError() {
        assertThatThrownBy(() -> LammpsDumpReader.parseTypeMap("1:O")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LammpsDumpReader.parseTypeMap("x=O")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LammpsDumpReader.parseTypeMap("1=Qq")).isInstanceOf(IllegalArgumentException.class);
        assertThat(LammpsDumpReader.parseTypeMap("1=O,2=H")).containsEntry(1, "O").containsEntry(2, "H");
    }
}
