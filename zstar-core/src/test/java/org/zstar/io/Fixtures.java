package org.zstar.io;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the small hand-made fixtures under src/test/resources/fixtures/io. */
final class Fixtures {
    private Fixtures() {
    }

    static Path io(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/io/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }
}
