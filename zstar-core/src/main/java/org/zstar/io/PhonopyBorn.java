package org.zstar.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.zstar.structure.Structure;

/**
 * A phonopy BORN file: an optional unit-conversion factor line (a number, or absent / "default"), the
 * dielectric tensor (9 numbers, row-major) and one 9-number line per symmetry-independent atom, row = field
 * direction. Comment lines start with '#'; phonopy writes {@code # epsilon and Z* of atoms 1 13}, which
 * gives the 1-based indices of the independent atoms in the unit cell.
 *
 * <p>The file alone does not say which atoms each tensor belongs to (phonopy expands them with the crystal
 * symmetry). This class does not guess: {@link #perAtom(Structure)} maps tensors to atoms only when the file
 * has one tensor per atom of the structure; otherwise the tensors are exposed as an ordered list of
 * independent-atom tensors with, when the comment line gives them, their atom indices.
 */
public final class PhonopyBorn {
    private final Double factor;
    private final double[] dielectric;
    private final List<double[]> tensors;
    private final int[] atomIndices; // 0-based, or null when the file does not say

    PhonopyBorn(Double factor, double[] dielectric, List<double[]> tensors, int[] atomIndices) {
        this.factor = factor;
        this.dielectric = dielectric;
        this.tensors = tensors;
        this.atomIndices = atomIndices;
    }

    /**
     * Reads a BORN file; BEC rows are converted to the field convention with {@code rows}.
     *
     * @param path the BORN file
     * @param rows the row convention of its BEC blocks
     * @return the dielectric tensor and the BECs of the independent atoms
     */
    public static PhonopyBorn read(Path path, BecRows rows) {
        try (LineReader in = new LineReader(path)) {
            Double factor = null;
            double[] eps = null;
            int[] indices = null;
            List<double[]> tensors = new ArrayList<>();
            String l;
            boolean first = true;
            while ((l = in.next()) != null) {
                String t = l.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.startsWith("#")) {
                    int at = t.indexOf("atoms");
                    if (at >= 0) {
                        String[] idx = LineReader.tokens(t.substring(at + 5));
                        indices = new int[idx.length];
                        for (int k = 0; k < idx.length; k++) {
                            indices[k] = in.integer(idx[k], "an independent atom index") - 1;
                        }
                    }
                    first = false;
                    continue;
                }
                String[] tok = LineReader.tokens(t);
                if (first && (tok.length == 1)) {
                    factor = tok[0].equalsIgnoreCase("default") ? null : in.number(tok[0], "the unit factor");
                    first = false;
                    continue;
                }
                first = false;
                if (tok.length != 9) {
                    throw in.error("expected 9 numbers (a 3x3 tensor, row-major), found " + tok.length);
                }
                double[] v = in.numbers(tok, 0, 9, eps == null ? "the dielectric tensor" : "a Born charge tensor");
                if (eps == null) {
                    eps = v;
                } else {
                    rows.toFieldRows(v, 0);
                    tensors.add(v);
                }
            }
            if (eps == null) {
                throw in.error(Math.max(1, in.line()), in.line() == 0 ? "file is empty" : "no dielectric tensor");
            }
            if (tensors.isEmpty()) {
                throw in.error(in.line(), "no Born effective charge lines after the dielectric tensor");
            }
            if (indices != null && indices.length != tensors.size()) {
                throw in.error(1, "the comment names " + indices.length + " atoms, the file has " + tensors.size()
                        + " tensors");
            }
            return new PhonopyBorn(factor, eps, Collections.unmodifiableList(tensors), indices);
        }
    }

    /** {@return the unit-conversion factor of the first line, or null when absent ("default")} */
    public Double factor() {
        return factor;
    }

    /** {@return the high-frequency dielectric tensor, row-major 3x3 (a copy)} */
    public double[] dielectric() {
        return dielectric.clone();
    }

    /** {@return the independent-atom tensors in file order, each row-major with row = field} */
    public List<double[]> independentTensors() {
        List<double[]> out = new ArrayList<>();
        for (double[] t : tensors) {
            out.add(t.clone());
        }
        return out;
    }

    /** {@return the number of symmetry-independent atoms with a BEC} */
    public int independentCount() {
        return tensors.size();
    }

    /** {@return 0-based atom indices of the independent atoms as the comment line gives them, or null} */
    public int[] independentAtomIndices() {
        return atomIndices == null ? null : atomIndices.clone();
    }

    /**
     * A flat 9N BEC array when the file has exactly one tensor per atom of the structure (in atom order),
     * else null: the mapping of independent atoms to all atoms needs the crystal symmetry, which the file
     * does not give.
     *
     * @param s the structure the BORN file belongs to
     * @return the 9N BECs, or null
     */
    public double[] perAtom(Structure s) {
        if (tensors.size() != s.size()) {
            return null;
        }
        double[] out = new double[9 * s.size()];
        for (int j = 0; j < tensors.size(); j++) {
            System.arraycopy(tensors.get(j), 0, out, 9 * j, 9);
        }
        return out;
    }
}
