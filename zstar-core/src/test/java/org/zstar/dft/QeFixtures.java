package org.zstar.dft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.zstar.structure.Structure;

/** The real QE 6.7 job fixture (fixtures/qe-real/jobs), collected into one frame. */
public final class QeFixtures {
    public static final Path JOBS = QePrepareTest.FIXTURES.resolve("jobs");

    private QeFixtures() {
    }

    public static Structure collectFixture() {
        QeCollector.Result r = QeCollector.collect(JOBS);
        assertThat(r.problems()).isEmpty();
        assertThat(r.frames()).hasSize(1);
        return r.frames().get(0);
    }
}
