package org.zstar.dft;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Writes Quantum ESPRESSO inputs: a pw.x SCF (forces printed, tprnfor) and a ph.x run for the dielectric
 * response at Gamma ({@code epsil=.true., trans=.false.}: electric-field perturbations only, which give the
 * dielectric tensor and the Born effective charges {@code Z[j][a][b] = dF_{j,b}/dE_a}). The cell is written
 * with ibrav = 0 and CELL_PARAMETERS in angstrom, positions in angstrom, and the k-points always as
 * {@code K_POINTS automatic}: {@code K_POINTS gamma} selects pw.x's real-wavefunction Gamma tricks, which ph.x
 * refuses.
 */
public final class QeInputs {
    /** prefix and outdir shared by the two inputs (ph.x reads pw.x's save folder). */
    public static final String PREFIX = "zstar";
    /** The pw.x and ph.x scratch folder, relative to the job folder. */
    public static final String OUTDIR = "./tmp";

    private QeInputs() {
    }

    /**
     * The pw.x input of a periodic structure; pseudos maps every species to its file in settings' pseudo_dir.
     *
     * @param s the periodic structure
     * @param settings cut-offs, k-points, functional and thresholds
     * @param pseudos species symbol to pseudopotential file name
     * @return the pw.x input text
     */
    public static String pw(Structure s, QeSettings settings, Map<String, String> pseudos) {
        if (s.cell() == null || !s.isPeriodic()) {
            throw new UserInputException("pw.x needs a periodic cell; this structure has "
                    + (s.cell() == null ? "none" : "non-periodic axes") + " (put molecules in a box first)");
        }
        List<String> species = List.of(s.speciesSorted());
        StringBuilder b = new StringBuilder(2048);
        b.append("&CONTROL\n");
        b.append("  calculation = 'scf'\n");
        b.append("  prefix = '").append(PREFIX).append("'\n");
        b.append("  outdir = '").append(OUTDIR).append("'\n");
        b.append("  pseudo_dir = '").append(settings.pseudoDir().toAbsolutePath()).append("'\n");
        b.append("  tprnfor = .true.\n");
        b.append("/\n");
        b.append("&SYSTEM\n");
        b.append("  ibrav = 0\n");
        b.append("  nat = ").append(s.size()).append('\n');
        b.append("  ntyp = ").append(species.size()).append('\n');
        b.append("  ecutwfc = ").append(num(settings.ecutwfc())).append('\n');
        if (settings.ecutrho() != null) {
            b.append("  ecutrho = ").append(num(settings.ecutrho())).append('\n');
        }
        if (settings.functional() != null) {
            b.append("  input_dft = '").append(settings.functional().toUpperCase(Locale.ROOT)).append("'\n");
        }
        if (Math.abs(s.totalCharge()) > 0) {
            b.append("  tot_charge = ").append(num(s.totalCharge())).append('\n');
        }
        b.append("/\n");
        b.append("&ELECTRONS\n");
        b.append("  conv_thr = ").append(fortran(settings.convThr())).append('\n');
        b.append("/\n");
        b.append("ATOMIC_SPECIES\n");
        for (String sp : species) {
            String file = pseudos.get(sp);
            if (file == null) {
                throw new UserInputException("no pseudopotential for " + sp);
            }
            b.append(String.format(Locale.ROOT, "  %-3s %9.4f %s%n", sp, Element.mass(Element.atomicNumber(sp)), file));
        }
        double[] l = s.cell().lattice();
        b.append("CELL_PARAMETERS angstrom\n");
        for (int i = 0; i < 3; i++) {
            b.append(String.format(Locale.ROOT, "  %16.10f %16.10f %16.10f%n", l[3 * i], l[3 * i + 1], l[3 * i + 2]));
        }
        b.append("ATOMIC_POSITIONS angstrom\n");
        double[] p = s.positionsView();
        for (int i = 0; i < s.size(); i++) {
            b.append(String.format(Locale.ROOT, "  %-3s %16.10f %16.10f %16.10f%n", s.symbol(i), p[3 * i], p[3 * i + 1],
                    p[3 * i + 2]));
        }
        int[] k = settings.kpoints();
        b.append("K_POINTS automatic\n");
        b.append("  ").append(k[0]).append(' ').append(k[1]).append(' ').append(k[2]).append(" 0 0 0\n");
        return b.toString();
    }

    /**
     * The ph.x input: dielectric tensor and effective charges at Gamma, no phonons.
     *
     * @param settings the thresholds (tr2_ph) and the scratch folder
     * @return the ph.x input text
     */
    public static String ph(QeSettings settings) {
        return "dielectric response at Gamma (zstar)\n"
                + "&INPUTPH\n"
                + "  prefix = '" + PREFIX + "'\n"
                + "  outdir = '" + OUTDIR + "'\n"
                + "  epsil = .true.\n"
                + "  trans = .false.\n"
                + "  tr2_ph = " + fortran(settings.tr2Ph()) + "\n"
                + "  fildyn = '" + PREFIX + ".dyn'\n"
                + "/\n"
                + "0.0 0.0 0.0\n";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A double in Fortran double-precision notation, e.g. 1.000000d-10. */
    static String fortran(double v) {
        return String.format(Locale.ROOT, "%.6e", v).replace('e', 'd');
    }
}
