package org.zstar.io;

import java.nio.file.Path;

/** Paths of the small hand-made fixtures under src/test/resources/fixtures/io. */
final class Fixtures {
    private Fixtures() {
    }

    static Path io(String name) {
        return org.zstar.testutil.TestFixtures.fixture("io/" + name);
    }
}
