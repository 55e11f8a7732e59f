package org.zstar.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the third-party data in ../shared/data; tests that need it skip with a clear message. */
public final class SharedData {
    private SharedData() {
    }

    /** The shared data folder (may not exist). */
    public static Path root() {
        String p = System.getProperty("zstar.sharedData");
        if (p == null || p.isBlank()) {
            p = "../shared/data";
        }
        return Path.of(p);
    }

    /** A file or folder under the shared data; skips the calling test when it is absent. */
    public static Path require(String relative) {
        Path path = root().resolve(relative);
        assumeTrue(Files.exists(path), "skipped: shared data " + path.toAbsolutePath()
                + " is absent (it sits next to the project root in CI; a fresh clone has none)");
        return path;
    }
}
