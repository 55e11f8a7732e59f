package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.structure.Structure;

/** {@link Readers#openJoined}: consecutive parts of one trajectory as one stream of frames. */
class JoinedReaderTest {
    private static String frame(double x) {
        return "1\ntime_fs=" + x + "\nO " + x + " 0 0\n";
    }

    @Test
    void framesOfTheFilesComeInOrderAndSourceNamesTheFileBeingRead(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.xyz"), frame(1) + frame(2));
        Path empty = Files.writeString(dir.resolve("b.xyz"), "1\nc\nO 9 0 0\n"); // one frame
        Path c = Files.writeString(dir.resolve("c.xyz"), frame(3) + frame(4) + frame(5));
        List<Double> xs = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        try (FrameReader r = Readers.openJoined(List.of(a, empty, c), ReadOptions.DEFAULTS)) {
            Structure s;
            while ((s = r.readNext()) != null) {
                xs.add(s.positionsView()[0]);
                sources.add(r.source());
            }
            assertThat(r.readNext()).isNull();
        }
        assertThat(xs).containsExactly(1.0, 2.0, 9.0, 3.0, 4.0, 5.0);
        assertThat(sources).containsExactly(a.toString(), a.toString(), empty.toString(), c.toString(), c.toString(),
                c.toString());
    }

    @Test
    void anErrorInALaterFileNamesThatFileAndLine(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.xyz"), frame(1));
        Path bad = Files.writeString(dir.resolve("bad.xyz"), frame(2) + "1\nc\nO 1..2 0 0\n");
        FrameReader r = Readers.openJoined(List.of(a, bad), ReadOptions.DEFAULTS);
        assertThat(r.readNext()).isNotNull();
        assertThat(r.readNext()).isNotNull();
        assertThatThrownBy(r::readNext).isInstanceOf(InputFormatException.class).hasMessageStartingWith(bad + ":6:");
        r.close();
        assertThat(r.readNext()).isNull(); // closed: no file is opened again
    }
}
