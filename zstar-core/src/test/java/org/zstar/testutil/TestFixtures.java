package org.zstar.testutil;

import java.nio.file.Path;

/**
 * The hand-made fixtures under zstar-core/src/test/resources/fixtures, found from any module's tests: surefire
 * sets {@code zstar.coreTestResources}; without it (an IDE run inside zstar-core) the relative path is used.
 */
public final class TestFixtures {
    private TestFixtures() {
    }

    /** The fixture directory or file {@code relative} to .../src/test/resources/fixtures. */
    public static Path fixture(String relative) {
        String root = System.getProperty("zstar.coreTestResources");
        Path base = root == null || root.isBlank() ? Path.of("src/test/resources") : Path.of(root);
        return base.resolve("fixtures").resolve(relative);
    }
}
