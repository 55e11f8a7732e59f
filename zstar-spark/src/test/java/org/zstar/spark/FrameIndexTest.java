package org.zstar.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.InputFormatException;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Structure;

class FrameIndexTest {
    static FrameIndex.FileFrames index(Path p, FrameIndex.Kind kind, long chunk) throws IOException {
        long size = Files.size(p);
        List<FrameIndex.ChunkScan> scans = new ArrayList<>();
        for (FrameIndex.Chunk c : FrameIndex.chunks(0, p.toString(), kind, size, chunk)) {
            scans.add(FrameIndex.scan(c));
        }
        return FrameIndex.chain(p.toString(), kind, size, scans);
    }

    /** Offsets and 1-based lines of the lines of a file that satisfy a test, by a plain sequential read. */
    static long[][] startsOf(Path p, java.util.function.IntPredicate isFrameStartLine) throws IOException {
        byte[] b = Files.readAllBytes(p);
        List<long[]> out = new ArrayList<>();
        long line = 1;
        int start = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == '\n') {
                if (isFrameStartLine.test((int) line)) {
                    out.add(new long[] {start, line});
                }
                line++;
                start = i + 1;
            }
        }
        return out.toArray(new long[0][]);
    }

    @Test
    void extendedXyzFramesAreFoundWhateverTheChunks(@TempDir Path dir) throws IOException {
        // frames of 3 atoms whose comment lines are integers, with blank lines between some frames
        StringBuilder sb = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        int line = 1;
        for (int f = 0; f < 9; f++) {
            starts.add(line);
            sb.append("3\n").append(f % 2 == 0 ? "7\n" : "time_fs=1.5 step=" + f + "\n");
            for (int j = 0; j < 3; j++) {
                sb.append("O ").append(f).append(".0 ").append(j).append(".5 0.25\n");
            }
            line += 5;
            if (f % 3 == 1) {
                sb.append("\n   \n");
                line += 2;
            }
        }
        Path p = dir.resolve("t.xyz");
        Files.writeString(p, sb.toString());
        long[][] expected = startsOf(p, starts::contains);
        for (long chunk : new long[] {1, 7, 23, 64, 1 << 20}) {
            FrameIndex.FileFrames ff = index(p, FrameIndex.Kind.EXTXYZ, chunk);
            assertThat(ff.frames()).as("chunk %d", chunk).isEqualTo(9);
            for (int f = 0; f < 9; f++) {
                assertThat(ff.offsets()[f]).as("chunk %d frame %d", chunk, f).isEqualTo(expected[f][0]);
                assertThat(ff.lines()[f]).isEqualTo(expected[f][1]);
            }
        }
    }

    @Test
    void segmentsReadTheSameFramesAsTheWholeFile(@TempDir Path dir) throws IOException {
        List<Structure> frames = SparkTestData.trajectory(12, 0.5, 4);
        Path xyz = dir.resolve("t.xyz");
        Path dump = dir.resolve("t.dump");
        SparkTestData.writeXyz(xyz, frames);
        SparkTestData.writeDump(dump, frames, 10);
        for (Path p : List.of(xyz, dump)) {
            FrameIndex.Kind kind = p == xyz ? FrameIndex.Kind.EXTXYZ : FrameIndex.Kind.LAMMPS;
            ReadOptions read = ReadOptions.builder().lammpsTypes(java.util.Map.of(1, "Na", 2, "Cl")).build();
            List<Structure> whole = Readers.open(p, read).readAll();
            Trajectory traj = new Trajectory(List.of(index(p, kind, 997)));
            assertThat(traj.frames()).isEqualTo(12);
            List<Structure> part = new ArrayList<>();
            try (Trajectory.CloseableFrames it = Trajectory.open(traj.segments(5, 8), Trajectory.Reading.of(read))) {
                it.forEachRemaining(part::add);
            }
            assertThat(part).hasSize(4);
            for (int k = 0; k < 4; k++) {
                assertThat(part.get(k).positionsView()).containsExactly(whole.get(5 + k).positionsView());
                assertThat(part.get(k).atomArrayView(Structure.VELOCITIES))
                        .containsExactly(whole.get(5 + k).atomArrayView(Structure.VELOCITIES));
            }
        }
    }

    /** The index of a gzip file: its one scan streams the whole decompressed file. */
    static FrameIndex.FileFrames indexGzip(Path gz, FrameIndex.Kind kind) {
        List<FrameIndex.Chunk> chunks = FrameIndex.chunks(0, gz.toString(), kind, true, 1, 64);
        assertThat(chunks).hasSize(1);
        FrameIndex.ChunkScan scan = FrameIndex.scan(chunks.get(0));
        return FrameIndex.chain(gz.toString(), kind, true, scan.end(), List.of(scan));
    }

    @Test
    void gzipFilesAreIndexedAtTheOffsetsOfTheirDecompressedBytes(@TempDir Path dir) throws IOException {
        List<Structure> frames = SparkTestData.trajectory(23, 0.5, 8);
        Path xyz = dir.resolve("t.xyz");
        Path dump = dir.resolve("t.dump");
        SparkTestData.writeXyz(xyz, frames);
        SparkTestData.writeDump(dump, frames, 10);
        ReadOptions read = ReadOptions.builder().lammpsTypes(java.util.Map.of(1, "Na", 2, "Cl")).build();
        for (Path p : List.of(xyz, dump)) {
            FrameIndex.Kind kind = p == xyz ? FrameIndex.Kind.EXTXYZ : FrameIndex.Kind.LAMMPS;
            FrameIndex.FileFrames plain = index(p, kind, 1 << 20);
            // three gzip members: the scan and the readers go on across member boundaries
            Path gz = SparkTestData.gzip(p, dir.resolve(p.getFileName() + ".gz"), 3);
            assertThat(Files.size(gz)).isLessThan(Files.size(p));
            FrameIndex.FileFrames packed = indexGzip(gz, kind);
            assertThat(packed.gzip()).isTrue();
            assertThat(packed.size()).isEqualTo(Files.size(p));
            assertThat(packed.offsets()).containsExactly(plain.offsets());
            assertThat(packed.lines()).containsExactly(plain.lines());
            // a segment in the middle (decompressed up to its start and skipped) reads the frames of the plain file
            List<Structure> whole = Readers.open(p, read).readAll();
            List<Structure> part = new ArrayList<>();
            Trajectory traj = new Trajectory(List.of(packed));
            try (Trajectory.CloseableFrames it = Trajectory.open(traj.segments(9, 22), Trajectory.Reading.of(read))) {
                it.forEachRemaining(part::add);
            }
            assertThat(part).hasSize(14);
            for (int k = 0; k < part.size(); k++) {
                assertThat(part.get(k).positionsView()).containsExactly(whole.get(9 + k).positionsView());
                assertThat(part.get(k).atomArrayView(Structure.VELOCITIES))
                        .containsExactly(whole.get(9 + k).atomArrayView(Structure.VELOCITIES));
            }
        }
    }

    @Test
    void aBrokenChainInAGzipFileNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("bad.xyz");
        Files.writeString(p, "2\nc\nO 0 0 0\nO 1 0 0\n2\nc\nO 0 0 0\nO 1 0 0\nO 2 0 0\n2\nc\nO 0 0 0\nO 1 0 0\n");
        Path gz = SparkTestData.gzip(p, dir.resolve("bad.xyz.gz"), 1);
        assertThatThrownBy(() -> indexGzip(gz, FrameIndex.Kind.EXTXYZ)).isInstanceOf(InputFormatException.class)
                .hasMessageStartingWith(gz + ":9: expected the atom count");
    }

    @Test
    void lammpsFramesStartAtTimestepItems(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("t.dump");
        SparkTestData.writeDump(dump, SparkTestData.trajectory(7, 0.5, 1), 5);
        List<String> lines = Files.readAllLines(dump, StandardCharsets.UTF_8);
        long[][] expected = startsOf(dump, l -> l <= lines.size() && lines.get(l - 1).equals("ITEM: TIMESTEP"));
        for (long chunk : new long[] {3, 100, 1 << 20}) {
            FrameIndex.FileFrames ff = index(dump, FrameIndex.Kind.LAMMPS, chunk);
            assertThat(ff.frames()).isEqualTo(7);
            for (int f = 0; f < 7; f++) {
                assertThat(ff.offsets()[f]).isEqualTo(expected[f][0]);
                assertThat(ff.lines()[f]).isEqualTo(expected[f][1]);
            }
        }
    }

    @Test
    void aBrokenChainNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("bad.xyz");
        // frame 2 (line 9) has one atom line more than its count
        Files.writeString(p, "2\nc\nO 0 0 0\nO 1 0 0\n2\nc\nO 0 0 0\nO 1 0 0\nO 2 0 0\n2\nc\nO 0 0 0\nO 1 0 0\n");
        for (long chunk : new long[] {5, 1 << 20}) {
            assertThatThrownBy(() -> index(p, FrameIndex.Kind.EXTXYZ, chunk)).isInstanceOf(InputFormatException.class)
                    .hasMessageStartingWith(p + ":9: expected the atom count");
        }
        Path q = dir.resolve("preamble.xyz");
        Files.writeString(q, "\nhello\n2\nc\nO 0 0 0\nO 1 0 0\n");
        assertThatThrownBy(() -> index(q, FrameIndex.Kind.EXTXYZ, 4)).isInstanceOf(InputFormatException.class)
                .hasMessageStartingWith(q + ":2: expected the atom count");
    }
}
