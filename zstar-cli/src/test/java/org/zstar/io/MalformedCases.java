package org.zstar.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.zstar.testutil.TestFixtures;

/**
 * Malformed inputs made from the valid fixtures by one small edit each (a truncation, a NaN, an unknown species, a
 * wrong count...), for every reader. Each case knows the line its message must name (0: no single line) and a
 * fragment of the message.
 */
final class MalformedCases {
    private MalformedCases() {
    }

    /**
     * One malformed file: {@code fixture} (under the fixtures folder) edited by {@code edit}, written under its own
     * file name (detection uses it) with the {@code companions} copied next to it.
     */
    record Case(String id, String fixture, UnaryOperator<List<String>> edit, long line, String fragment,
            List<String> companions) {
        Path write(Path root) {
            try {
                Path dir = Files.createDirectories(root.resolve(id));
                Path src = TestFixtures.fixture(fixture);
                List<String> lines = new ArrayList<>(Files.readAllLines(src));
                Path out = dir.resolve(src.getFileName().toString());
                Files.write(out, edit.apply(lines));
                for (String c : companions) {
                    Path cs = TestFixtures.fixture(c);
                    Files.copy(cs, dir.resolve(cs.getFileName().toString()));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return id;
        }
    }

    static Case c(String id, String fixture, UnaryOperator<List<String>> edit, long line, String fragment,
            String... companions) {
        return new Case(id, fixture, edit, line, fragment, List.of(companions));
    }

    /** Keeps the first n lines. */
    static UnaryOperator<List<String>> keep(int n) {
        return l -> new ArrayList<>(l.subList(0, n));
    }

    /** Replaces line n (1-based). */
    static UnaryOperator<List<String>> line(int n, String text) {
        return l -> {
            l.set(n - 1, text);
            return l;
        };
    }

    /** Replaces the first occurrence of {@code from} on line n (1-based). */
    static UnaryOperator<List<String>> sub(int n, String from, String to) {
        return l -> {
            String s = l.get(n - 1);
            if (!s.contains(from)) {
                throw new IllegalStateException("line " + n + " '" + s + "' has no '" + from + "'");
            }
            l.set(n - 1, s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
            return l;
        };
    }

    /** Deletes line n (1-based). */
    static UnaryOperator<List<String>> drop(int n) {
        return l -> {
            l.remove(n - 1);
            return l;
        };
    }

    /** Inserts lines after line n (1-based; 0 = at the start). */
    static UnaryOperator<List<String>> insert(int n, String... text) {
        return l -> {
            l.addAll(n, Arrays.asList(text));
            return l;
        };
    }

    /** Whole new content. */
    static UnaryOperator<List<String>> content(String... text) {
        return l -> new ArrayList<>(Arrays.asList(text));
    }

    static final String XYZ = "io/small.extxyz";
    static final String POSCAR = "io/POSCAR-direct";
    static final String XDATCAR = "io/XDATCAR";
    static final String BORN = "io/BORN_NaCl-test";
    static final String BORN_CELL = "io/POSCAR-unitcell_NaCl-test";
    static final String PW_IN = "io/alas.pw.in";
    static final String PW_IN_BOHR = "io/sc.pw.in";
    static final String PW_OUT = "io/qe-run/alas.scf.out";
    static final String RELAX_OUT = "io/alas.relax.out";
    static final String PH_OUT = "io/qe-run/alas.ph.out";
    static final String OUTCAR = "io/OUTCAR";
    static final String LAMMPS = "ir/ortho.lammpstrj";

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(extxyz());
        cases.addAll(vasp());
        cases.addAll(qe());
        cases.addAll(born());
        cases.addAll(lammps());
        return cases;
    }

    static List<Case> extxyz() {
        return List.of(
                c("xyz-truncated-atoms", XYZ, keep(4), 5, "unexpected end of file: the frame at line 1 declares 3"),
                c("xyz-truncated-after-count", XYZ, keep(1), 2, "unexpected end of file, expected the comment line of a frame"),
                c("xyz-truncated-second-frame", XYZ, keep(8), 9, "unexpected end of file: the frame at line 6 declares 2"),
                c("xyz-count-not-a-number", XYZ, line(1, "three"), 1, "expected the atom count of a frame, got 'three' (more atom"),
                c("xyz-count-negative", XYZ, line(1, "-3"), 1, "negative atom count -3"),
                c("xyz-count-too-small", XYZ, line(1, "2"), 5, "expected the atom count of a frame, got 'H 1.0 1.0 1.0 0.0"),
                c("xyz-count-too-large", XYZ, line(6, "3"), 10, "unexpected end of file: the frame at line 6 declares 3"),
                c("xyz-nan-position", XYZ, sub(3, "Na 0.0", "Na NaN"), 3, "non-finite value 'NaN' for column 'pos'"),
                c("xyz-nan-bec", XYZ, sub(4, "-1.0", "nan"), 4, "expected a number for column 'born_charge', got 'nan'"),
                c("xyz-inf-force", XYZ, sub(5, "1.0 1.0 1.0 0.0", "1.0 1.0 1.0 -Infinity"), 5, "non-finite value '-Infinity' for column 'forces'"),
                c("xyz-nan-momenta", XYZ, sub(9, "-2.016", "NaN"), 9, "non-finite value 'NaN' for column 'momenta'"),
                c("xyz-unknown-species", XYZ, sub(4, "Cl ", "Qq "), 4, "unknown element 'Qq'"),
                c("xyz-unknown-species-second-frame", XYZ, sub(9, "H ", "Hx "), 9, "unknown element 'Hx'"),
                c("xyz-number-as-species", XYZ, sub(5, "H ", "7 "), 5, "unknown element '7'"),
                c("xyz-non-numeric-energy", XYZ, sub(2, "energy=-12.5", "energy=low"), 2, "key 'energy' is not a number: 'low'"),
                c("xyz-lattice-8-numbers", XYZ, sub(2, "Lattice=\"5.0 0.0 0.0", "Lattice=\"0.0 0.0"), 2, "key 'Lattice' has 8 numbers, expected 9"),
                c("xyz-lattice-not-numbers", XYZ, sub(2, "Lattice=\"5.0", "Lattice=\"five"), 2, "key 'Lattice' is not numeric: 'five 0.0 0.0 0.5 6.0 0.0 0.0"),
                c("xyz-pbc-two-flags", XYZ, sub(2, "pbc=\"T T F\"", "pbc=\"T T\""), 2, "pbc needs 3 flags, got 'T T'"),
                c("xyz-pbc-not-boolean", XYZ, sub(2, "pbc=\"T T F\"", "pbc=\"T T maybe\""), 2, "expected a boolean (T/F) for pbc, got 'maybe'"),
                c("xyz-pbc-without-lattice", XYZ, sub(7, "pbc=\"F F F\"", "pbc=\"T T T\""), 7, "pbc is true along some axis but the frame has no Lattice"),
                c("xyz-properties-not-triplets", XYZ, sub(2, ":charges:R:1", ":charges:R"), 2, "malformed Properties"),
                c("xyz-properties-unknown-type", XYZ, sub(2, "charges:R:1", "charges:X:1"), 2, "Properties column 'charges' has unknown type 'X'"),
                c("xyz-properties-bad-width", XYZ, sub(2, "charges:R:1", "charges:R:one"), 2, "Properties column 'charges' has a non-integer width 'one'"),
                c("xyz-properties-zero-width", XYZ, sub(2, "charges:R:1", "charges:R:0"), 2, "Properties column 'charges' has width 0"),
                c("xyz-properties-no-pos", XYZ, sub(2, "pos:R:3", "xyz:R:3"), 2, "Properties has no pos:R:3 column"),
                c("xyz-properties-no-species", XYZ, sub(2, "species:S:1", "label:S:1"), 2, "Properties has no species column"),
                c("xyz-bec-width-3", XYZ, sub(2, "born_charge:R:9:charges:R:1", "born_charge:R:3:charges:R:7"), 2, "BEC column 'born_charge' has 3 values per atom, expected 9"),
                c("xyz-forces-width-2", XYZ, sub(2, "forces:R:3:born_charge", "forces:R:2:x:R:1:born_charge"), 2, "column 'forces' has 2 values per atom, expected 3"),
                c("xyz-missing-column", XYZ, sub(3, " 0.9", ""), 3, "atom line has 16 columns, Properties declares 17 (atom"),
                c("xyz-integer-column-real", XYZ, sub(2, "charges:R:1", "charges:I:1"), 3, "expected an integer for column 'charges', got '0.9'"),
                c("xyz-stress-5-numbers", XYZ, sub(2, "stress=\"0.1 0.2 0.3 0.4 0.5 0.6\"", "stress=\"0.1 0.2 0.3 0.4 0.5\""), 2, "stress needs 9 numbers or 6 (Voigt), got 5"),
                c("xyz-unclosed-quote", XYZ, sub(2, "pbc=\"T T F\"", "pbc=\"T T F"), 2, "pbc needs 3 flags, got 'T T F"),
                c("xyz-json-bec-wrong-atoms", "io/json-bec.extxyz", sub(2, ", [[-1.0, -0.2, 0.0], [-0.1, -1.0, 0.0], [0.0, 0.0, -1.0]]", ""), 2, "per-frame BEC 'BEC' (shape [1, 3, 3], expected [2, 3, 3])"),
                c("xyz-json-bec-not-json", "io/json-bec.extxyz", sub(2, "_JSON [[[1.0,", "_JSON [[[1.0,,"), 2, "key 'BEC' holds malformed JSON: Unexpected character (','"),
                c("xyz-dipole-2-numbers", XYZ, sub(2, "dipole=\"0.1 -0.2 0.3\"", "dipole=\"0.1 -0.2\""), 2, "key 'dipole' has 2 numbers, expected 3"),
                c("xyz-z-column-out-of-range", "io/z-column.extxyz", sub(3, "8 0", "200 0"), 3, "unknown atomic number 200"),
                c("xyz-z-column-zero", "io/z-column.extxyz", sub(4, "1 0", "0 0"), 4, "unknown atomic number 0"),
                c("xyz-empty-comment-then-eof", XYZ, content("2", ""), 3, "unexpected end of file: the frame at line 1 declares 2"),
                c("xyz-only-blank-lines", XYZ, content("", "", ""), 1, "file is empty"));
    }

    static List<Case> vasp() {
        return List.of(
                c("poscar-scale-not-number", POSCAR, line(2, "   one"), 2, "expected a number for the scale factor, got 'one'"),
                c("poscar-scale-nan", POSCAR, line(2, "   NaN"), 2, "non-finite value 'NaN' for the scale factor"),
                c("poscar-lattice-short-line", POSCAR, line(4, "  2.82 0.0"), 4, "expected 3 numbers for lattice vector 2, found 2"),
                c("poscar-lattice-nan", POSCAR, sub(5, "2.8200000000    2.8200000000", "nan 2.82"), 5, "expected a number for lattice vector 3, got 'nan'"),
                c("poscar-unknown-species", POSCAR, line(6, "   Na   Xx"), 6, "unknown element 'Xx' in the species line"),
                c("poscar-counts-not-numbers", POSCAR, line(7, "     1     one"), 7, "expected an integer for the number of Cl atoms, got 'one'"),
                c("poscar-species-counts-mismatch", POSCAR, line(7, "     1     1     1"), 7, "counts line has 3 numbers for the 2 species [Na, Cl]"),
                c("poscar-too-few-coordinates", POSCAR, keep(9), 10, "unexpected end of file: POSCAR declares 2 atoms but only 1"),
                c("poscar-coordinate-nan", POSCAR, line(10, "  0.5 NaN 0.5"), 10, "non-finite value 'NaN' for the coordinates of atom 2"),
                c("poscar-coordinate-short", POSCAR, line(10, "  0.5 0.5"), 10, "expected 3 numbers for the coordinates of atom 2, found 2"),
                c("poscar-truncated-header", POSCAR, keep(3), 4, "unexpected end of file, expected lattice vector 2"),
                c("poscar-zero-volume-scale", "io/POSCAR-volume", line(2, "  0.0"), 2, "scale factor is zero"),
                c("poscar-degenerate-cell", POSCAR, line(5, "     0.0000000000    2.8200000000    2.8200000000"), 3, "cell is singular (volume 0.0 A^3)"),
                c("xdatcar-truncated-frame", XDATCAR, keep(15), 16, "unexpected end of file: the configuration at line 14"),
                c("xdatcar-nan", XDATCAR, line(13, "   0.01000000   NaN   0.00000000"), 13, "non-finite value 'NaN' for the coordinates of atom 2"),
                c("xdatcar-bad-configuration-line", XDATCAR, line(11, "Direct configuration=  two"), 13, "expected an integer for the configuration number, got 'two'"),
                c("xdatcar-short-coordinate", XDATCAR, line(10, "   0.50000000   0.50000000"), 10, "expected 3 numbers for the coordinates of atom 2, found 2"),
                c("xdatcar-unknown-species", XDATCAR, line(6, "   Na   Zz"), 6, "unknown element 'Zz' in the species line"),
                c("xdatcar-counts-mismatch", XDATCAR, line(7, "     1"), 7, "counts line has 1 numbers for the 2 species [Na, Cl]"),
                c("xdatcar-garbage-between-frames", XDATCAR, insert(10, "hello"), 12, "expected a number for the scale factor, got 'Direct'"),
                c("outcar-truncated-positions", OUTCAR, keep(31), 32, "truncated OUTCAR: the POSITION block at line 29 ends after"),
                c("outcar-truncated-bec", OUTCAR, keep(83), 84, "unexpected end of file, expected BEC row 1 of ion 2"),
                c("outcar-nan-force", OUTCAR, sub(31, "0.010000", "NaN"), 31, "non-finite value 'NaN' for position and force of ion 1"),
                c("outcar-nan-bec", OUTCAR, sub(81, "-0.02000", "NaN"), 81, "non-finite value 'NaN' for BEC of ion 1"),
                c("outcar-bec-not-number", OUTCAR, sub(81, "-0.02000", "x.yz"), 81, "expected a number for BEC of ion 1, got 'x.yz'"),
                c("outcar-bec-short-row", OUTCAR, sub(82, "     0.00000     1.12000", ""), 82, "BEC block of wrong shape: expected row '3 Zx Zy Zz' of ion"),
                c("outcar-bec-wrong-ion", OUTCAR, sub(83, "ion    2", "ion    7"), 83, "BEC block of wrong shape: expected ion 2, got ion 7"),
                c("outcar-position-short", OUTCAR, sub(32, "      2.82000      2.82000", ""), 32, "POSITION block has 1 ions, 'ions per type' says 2"),
                c("outcar-position-not-number", OUTCAR, sub(32, "2.82000", "abc"), 32, "expected a number for position and force of ion 2, got 'abc'"),
                c("outcar-ions-per-type-mismatch", OUTCAR, sub(19, "1   1", "1   2"), 33, "POSITION block has 2 ions, 'ions per type' says 3"),
                c("outcar-energy-not-number", OUTCAR, sub(43, "-6.12345678", "-6.1.2"), 43, "expected a number for TOTEN, got '-6.1.2'"),
                c("outcar-dielectric-nan", OUTCAR, sub(62, "2.600000", "NaN"), 62, "non-finite value 'NaN' for the dielectric tensor"),
                c("outcar-lattice-short", OUTCAR, sub(23, "2.820000000  0.000000000  2.820000000", "2.82"), 23, "expected 6 numbers (direct and reciprocal lattice vector"),
                c("outcar-empty", OUTCAR, content(" vasp.6.1.0 18Jan20"), 1, "no 'POSITION ... TOTAL-FORCE' block: not an OUTCAR, or"),
                c("outcar-ions-per-type-not-number", OUTCAR, sub(19, "1   1", "1   x"), 19, "expected an integer for ions per type, got 'x'"),
                c("outcar-truncated-dielectric", OUTCAR, keep(62), 63, "unexpected end of file, expected dielectric tensor row 3"));
    }

    static List<Case> qe() {
        return List.of(
                c("pwin-unknown-species", PW_IN, sub(21, "As", "Qz"), 21, "unknown element 'Qz'"),
                c("pwin-nat-mismatch", PW_IN, sub(6, "nat = 2", "nat = 3"), 22, "expected 'species x y z' for atom 3 of 3"),
                c("pwin-nat-not-number", PW_IN, sub(6, "nat = 2", "nat = two"), 6, "expected a number for nat, got 'two'"),
                c("pwin-position-nan", PW_IN, sub(21, "0.25  0.25", "NaN  0.25"), 21, "non-finite value 'NaN' for the position of atom 2"),
                c("pwin-position-short", PW_IN, sub(21, "  0.25  0.25  0.25", "  0.25"), 21, "expected 'species x y z' for atom 2 of 2"),
                c("pwin-cell-short", PW_IN, sub(17, "2.80450   2.80450", "2.80450"), 17, "expected 3 numbers for cell vector 2, found 2"),
                c("pwin-cell-nan", PW_IN, sub(18, "-2.80450", "nan"), 18, "expected a number for cell vector 3, got 'nan'"),
                c("pwin-no-cell-ibrav0", PW_IN, l -> { l.subList(14, 18).clear(); return l; }, 6, "ibrav = 0 needs a CELL_PARAMETERS card"),
                c("pwin-unclosed-namelist", PW_IN, drop(8), 8, "expected 'key = value' in a namelist, got '&ELECTRONS'"),
                c("pwin-bad-position-units", PW_IN, sub(19, "{crystal}", "{parsec}"), 19, "unknown ATOMIC_POSITIONS unit 'parsec'"),
                c("pwin-species-not-declared", PW_IN, drop(14), 14, "expected 'label mass pseudopotential' for species 2 of ntyp"),
                c("pwin-label-not-declared", PW_IN, sub(14, "As  74.92", "Ga  69.72"), 21, "species 'As' is not declared in ATOMIC_SPECIES (declared:"),
                c("pwin-truncated", PW_IN, keep(20), 21, "unexpected end of file, expected the position of atom 2"),
                c("pwin-celldm-missing", PW_IN_BOHR, sub(5, "celldm(1)=10.0, ", ""), 5, "ibrav = 1 needs celldm(1) or A"),
                c("pwin-ibrav-unknown", PW_IN_BOHR, sub(5, "ibrav=1", "ibrav=99"), 5, "ibrav = 99 is not supported; use ibrav = 0 with"),
                c("pwout-truncated-positions", PW_OUT, keep(68), 69, "unexpected end of file, expected the position of atom 2 (of"),
                c("pwout-nan-energy", PW_OUT, sub(82, "-16.91451720", "NaN"), 82, "non-finite value 'NaN' for the total energy"),
                c("pwout-energy-not-number", PW_OUT, sub(82, "-16.91451720", "-16.9.1"), 82, "expected a number for the total energy, got '-16.9.1'"),
                c("pwout-force-nan", PW_OUT, sub(96, "-0.00100000", "NaN"), 96, "non-finite value 'NaN' for a force"),
                c("pwout-force-short", PW_OUT, sub(96, "   -0.00300000", ""), 96, "expected 3 numbers for a force, found 2"),
                c("pwout-truncated-forces", PW_OUT, keep(95), 96, "unexpected end of file, expected the force on atom 2"),
                c("pwout-unknown-species", PW_OUT, sub(69, "As  tau", "Xq  tau"), 69, "unknown element 'Xq'"),
                c("pwout-position-not-number", PW_OUT, sub(69, "0.2500000   0.2500000", "0.25x   0.2500000"), 69, "expected a number for the position of atom 2, got '0.25x'"),
                c("pwout-nat-mismatch", PW_OUT, sub(25, "2", "3"), 70, "expected the position of atom 3 of 3 ('tau( i) = ( x y z"),
                c("pwout-alat-not-number", PW_OUT, sub(23, "10.6000", "ten"), 23, "expected a number for alat, got 'ten'"),
                c("pwout-stress-nan", PW_OUT, sub(105, "-0.00006234", "NaN"), 105, "non-finite value 'NaN' for the stress"),
                c("pwout-relax-position-nan", RELAX_OUT, sub(100, "1.4022500000        1.4022500000", "NaN 1.40225"), 100, "non-finite value 'NaN' for the position of atom 2"),
                c("pwout-relax-unknown-species", RELAX_OUT, sub(99, "Al  ", "Ql  "), 99, "unknown element 'Ql'"),
                c("phout-truncated-bec", PH_OUT, keep(86), 87, "truncated ph.x output: the effective charges at line 79 end"),
                c("phout-nan-bec", PH_OUT, sub(83, "-0.03000", "NaN"), 83, "non-finite value 'NaN' for the effective charge of atom 1"),
                c("phout-bec-not-number", PH_OUT, sub(83, "-0.03000", "-0.0.3"), 83, "expected a number for the effective charge of atom 1, got"),
                c("phout-bec-short-row", PH_OUT, sub(84, "        0.00000        2.15500", ""), 84, "expected 3 numbers for the effective charge of atom 1,"),
                c("phout-dielectric-nan", PH_OUT, sub(76, "9.109822143", "NaN"), 76, "non-finite value 'NaN' for the dielectric tensor"),
                c("phout-dielectric-short", PH_OUT, sub(77, "      -0.000000000       9.209822143", ""), 77, "expected 3 numbers for the dielectric tensor, found 1"),
                c("phout-unknown-species", PH_OUT, sub(85, "As", "Qy"), 85, "atom 2 is As in the positions but Qy in the effective"),
                c("phout-atom-index-wrong", PH_OUT, sub(85, "atom      2", "atom      5"), 85, "BEC block of wrong shape: expected 'atom 2 SPECIES', got"),
                c("phout-truncated-header", PH_OUT, keep(30), 30, "no cell and positions: not a ph.x output, or truncated"));
    }

    static List<Case> born() {
        return List.of(
                c("born-comment-atom-out-of-range", BORN, line(1, "# epsilon and Z* of atoms 1 5"), 1, "independent atom 5 is not in POSCAR-unitcell_NaCl-test (2", BORN_CELL),
                c("born-dielectric-short", BORN, line(2, "   2.5 0.0 0.0 0.0 2.5"), 2, "expected 9 numbers (a 3x3 tensor, row-major), found 5", BORN_CELL),
                c("born-dielectric-nan", BORN, sub(2, "2.50000000", "NaN"), 2, "non-finite value 'NaN' for the dielectric tensor", BORN_CELL),
                c("born-bec-nan", BORN, sub(3, "1.10000000", "nan"), 3, "expected a number for a Born charge tensor, got 'nan'", BORN_CELL),
                c("born-bec-not-number", BORN, sub(4, "-1.10000000", "minus"), 4, "expected a number for a Born charge tensor, got 'minus'", BORN_CELL),
                c("born-too-many-tensors", BORN, insert(4, "   1 0 0 0 1 0 0 0 1"), 1, "the comment names 2 atoms, the file has 3 tensors", BORN_CELL),
                c("born-truncated", BORN, keep(2), 2, "no Born effective charge lines after the dielectric tensor", BORN_CELL),
                c("born-without-cell", BORN, l -> l, 0, "no POSCAR-unitcell_NaCl-test or POSCAR next to the BORN file"));
    }

    static List<Case> lammps() {
        String f = LAMMPS;
        return List.of(
                c("lammps-truncated-atoms", f, keep(11), 11, "file ends inside a frame (expected atom line 3 of 3)"),
                c("lammps-truncated-box", f, keep(6), 6, "file ends inside a frame (expected a box bounds line)"),
                c("lammps-count-not-number", f, line(4, "three"), 4, "cannot read the number of atoms from 'three'"),
                c("lammps-nan-position", f, sub(11, "0.0 0.0 0.0 0", "NaN 0.0 0.0 0"), 11, "a coordinate is not finite: 'NaN'"),
                c("lammps-nan-velocity", f, sub(12, "-200", "nan"), 12, "cannot read a velocity from 'nan'"),
                c("lammps-unknown-element", f, sub(10, " H ", " Hq "), 10, "unknown element 'Hq'"),
                c("lammps-short-atom-line", f, sub(12, " 0 -200 10", ""), 12, "atom line has 5 columns, the header names 8"),
                c("lammps-box-short", f, line(7, "-1.0"), 7, "box bounds line needs 2 numbers, found 1"),
                c("lammps-no-position-columns", f, sub(9, "x y z", "a b c"), 9, "'ITEM: ATOMS' has no complete set of positions"),
                c("lammps-duplicate-id", f, sub(12, "2 H", "3 H"), 12, "atom id 3 appears twice in the frame at timestep 0"),
                c("lammps-count-mismatch-second-frame", f, line(16, "4"), 24, "file ends inside a frame (expected atom line 4 of 4)"),
                c("lammps-timestep-not-number", f, line(14, "ten"), 14, "cannot read the timestep from 'ten'"));
    }
}
