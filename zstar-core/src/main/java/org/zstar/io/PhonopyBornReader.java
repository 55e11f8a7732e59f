package org.zstar.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.zstar.structure.Structure;

/**
 * A phonopy BORN file read as one frame together with its unit cell: {@code POSCAR-unitcell<suffix>} for
 * {@code BORN<suffix>}, else {@code POSCAR-unitcell}, else {@code POSCAR} in the same folder. The frame has
 * the dielectric tensor; the BECs only when the file gives one tensor per atom (see {@link PhonopyBorn}).
 * Info keys: {@code born_independent_count} and, when the comment names them,
 * {@code born_independent_atoms} (1-based, as double[]).
 */
public final class PhonopyBornReader implements FrameReader {
    private final Path path;
    private final ReadOptions options;
    private boolean done;

    /**
     * A reader of a phonopy BORN file with its POSCAR.
     *
     * @param path the BORN file
     * @param options the reading options
     */
    public PhonopyBornReader(Path path, ReadOptions options) {
        this.path = path;
        this.options = options;
    }

    /**
     * The POSCAR that goes with a BORN file, or null.
     *
     * @param born the BORN file
     * @return the POSCAR of the same folder
     */
    public static Path companionPoscar(Path born) {
        Path dir = born.toAbsolutePath().getParent();
        String name = born.getFileName().toString();
        String suffix = name.startsWith("BORN") ? name.substring(4) : "";
        for (String c : new String[] {"POSCAR-unitcell" + suffix, "POSCAR-unitcell", "POSCAR"}) {
            Path p = dir.resolve(c);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public Structure readNext() {
        if (done) {
            return null;
        }
        done = true;
        PhonopyBorn born = PhonopyBorn.read(path, options.becRows());
        Path poscar = companionPoscar(path);
        if (poscar == null) {
            throw new InputFormatException(path, 0, "no POSCAR-unitcell" + path.getFileName().toString().substring(
                    Math.min(4, path.getFileName().toString().length())) + " or POSCAR next to the BORN file");
        }
        Structure cell;
        ReadOptions po = options;
        if (po.species() == null) {
            // phonopy writes VASP 4 style POSCARs with the species in the comment line
            String first = InputFiles.readString(poscar).lines().findFirst().orElse("");
            String[] t = LineReader.tokens(first);
            boolean allElements = t.length > 0;
            for (String x : t) {
                allElements &= org.zstar.structure.Element.atomicNumberOrMinusOne(x) > 0 && x.matches("[A-Za-z]{1,2}");
            }
            if (allElements) {
                po = options.toBuilder().species(java.util.List.of(t)).build();
            }
        }
        try (PoscarReader r = new PoscarReader(poscar, po)) {
            cell = r.readNext();
        }
        Structure.Builder b = cell.toBuilder().dielectric(born.dielectric())
                .info("born_independent_count", (long) born.independentCount()).info("poscar", poscar.toString());
        double[] bec = born.perAtom(cell);
        if (bec != null) {
            b.bec(bec);
        }
        int[] idx = born.independentAtomIndices();
        if (idx != null) {
            double[] one = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                if (idx[k] < 0 || idx[k] >= cell.size()) {
                    throw new InputFormatException(path, 1, "independent atom " + (idx[k] + 1) + " is not in "
                            + poscar.getFileName() + " (" + cell.size() + " atoms)");
                }
                one[k] = idx[k] + 1;
            }
            b.info("born_independent_atoms", one);
        }
        return b.build();
    }

    @Override
    public String source() {
        return path.toString();
    }

    @Override
    public void close() {
    }
}
