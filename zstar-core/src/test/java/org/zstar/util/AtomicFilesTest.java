package org.zstar.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs get the usual permissions of new files and errors name the target, never the temporary file. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void outputGetsTheUsualPermissionsNotThoseOfATemporaryFile() throws Exception {
        Path reference = dir.resolve("plain.txt");
        try (OutputStream o = Files.newOutputStream(reference)) {
            o.write('x');
        }
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(reference);
        Path out = dir.resolve("out.txt");
        AtomicFiles.writeString(out, "hello\n");
        assertThat(Files.readString(out)).isEqualTo("hello\n");
        // 0644 under umask 022; Files.createTempFile made it 0600
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(usual);
        assertThat(usual).contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("plain.txt", "out.txt");
        }
    }

    @Test
    void anUnwritableOutputNamesThePathAndLeavesNothingBehind() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path out = file.resolve("out.xyz");
        assertThatThrownBy(() -> AtomicFiles.writeString(out, "y")).isInstanceOf(UserInputException.class)
                .hasMessage("cannot write " + out + ": " + file + " is a file, not a folder");
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Files.writeString(folder.resolve("inside"), "z");
        assertThatThrownBy(() -> AtomicFiles.writeString(folder, "y")).isInstanceOf(UserInputException.class)
                .hasMessage("cannot write " + folder + ": it is a directory");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a-file", "folder");
        }
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path out = Files.writeString(dir.resolve("keep.txt"), "old");
        assertThatThrownBy(() -> AtomicFiles.writeText(out, w -> {
            w.write("half");
            throw new java.io.IOException("disk on fire");
        })).hasMessageContaining("cannot write " + out).hasMessageNotContaining(".tmp");
        assertThat(Files.readString(out)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
        }
    }
}
