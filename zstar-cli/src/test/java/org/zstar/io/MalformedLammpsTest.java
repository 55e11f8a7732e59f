package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed LAMMPS dumps (read by 'zstar ir --traj'): each error names file and line. */
class MalformedLammpsTest {
    @TempDir
    Path tmp;

    static Stream<MalformedCases.Case> cases() {
        String f = MalformedCases.LAMMPS;
        return Stream.of(
                MalformedCases.c("lammps-truncated-atoms", f, MalformedCases.keep(11), 11, "file ends inside a frame (expected atom line 3 of 3)"),
                MalformedCases.c("lammps-truncated-box", f, MalformedCases.keep(6), 6, "file ends inside a frame (expected a box bounds line)"),
                MalformedCases.c("lammps-count-not-number", f, MalformedCases.line(4, "three"), 4, "cannot read the number of atoms from 'three'"),
                MalformedCases.c("lammps-nan-position", f, MalformedCases.sub(11, "0.0 0.0 0.0 0", "NaN 0.0 0.0 0"), 11, "a coordinate is not finite: 'NaN'"),
                MalformedCases.c("lammps-nan-velocity", f, MalformedCases.sub(12, "-200", "nan"), 12, "cannot read a velocity from 'nan'"),
                MalformedCases.c("lammps-unknown-element", f, MalformedCases.sub(10, " H ", " Hq "), 10, "unknown element 'Hq'"),
                MalformedCases.c("lammps-short-atom-line", f, MalformedCases.sub(12, " 0 -200 10", ""), 12, "atom line has 5 columns, the header names 8"),
                MalformedCases.c("lammps-box-short", f, MalformedCases.line(7, "-1.0"), 7, "box bounds line needs 2 numbers, found 1"),
                MalformedCases.c("lammps-no-position-columns", f, MalformedCases.sub(9, "x y z", "a b c"), 9, "'ITEM: ATOMS' has no complete set of positions"),
                MalformedCases.c("lammps-duplicate-id", f, MalformedCases.sub(12, "2 H", "3 H"), 12, "atom id 3 appears twice in the frame at timestep 0"),
                MalformedCases.c("lammps-count-mismatch-second-frame", f, MalformedCases.line(16, "4"), 24, "file ends inside a frame (expected atom line 4 of 4)"),
                MalformedCases.c("lammps-timestep-not-number", f, MalformedCases.line(14, "ten"), 14, "cannot read the timestep from 'ten'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesFileAndLine(MalformedCases.Case c) {
        Path p = c.write(tmp);
        String where = c.line() > 0 ? p + ":" + c.line() + ": " : p + ": ";
        assertThatThrownBy(() -> {
            try (LammpsDumpReader r = new LammpsDumpReader(p, Map.of())) {
                r.readAll();
            }
        }).isInstanceOf(InputFormatException.class).hasMessageStartingWith(where).hasMessageContaining(c.fragment());
    }
}
