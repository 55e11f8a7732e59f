package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.zstar.io.ExtXyzWriter;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.md.ForceField;
import org.zstar.models.BecModel;
import org.zstar.models.FixedChargeModel;
import org.zstar.phonons.ForceConstants;
import org.zstar.phonons.GammaModes;
import org.zstar.phonons.ModeSpectrum;
import org.zstar.phonons.Relaxation;
import org.zstar.phonons.Supercells;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.Progress;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstar phonons}: harmonic Gamma modes and their infrared intensities from a force field. */
@Command(name = "phonons", header = "Harmonic Gamma modes and IR intensities of a crystal (finite differences).",
        mixinStandardHelpOptions = true,
        description = {"Relaxes the structure with the force field (positions, with --relax-cell also the cell), builds",
            "the force constants by central differences of the forces, projects out the three translations and",
            "diagonalises the dynamical matrix. With BECs (--bec-model, --charges, or the BECs in the structure",
            "file) it gives mode effective charges and IR intensities I_m = sum_a |sum_jb Z_j,ab e_m,jb / sqrt(M_j)|^2",
            "(e^2/amu; 1 e^2/amu = 974.9 km/mol), and with --epsilon the LO frequencies along --direction.",
            "Writes DIR/modes.csv, DIR/spectrum.csv, DIR/spectrum.png and .svg, DIR/phonons.json, DIR/relaxed.xyz.",
            "Formulas: docs/THEORY.md, \"Phonons at Gamma\"."})
public final class PhononsCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public PhononsCommand() {
    }

    @Option(names = "--ff", required = true, paramLabel = "FF", description = "Force-field file (from train-ff).")
    Path ffFile;

    @Option(names = "--structure", required = true, paramLabel = "FILE", description = "Structure (any readable format).")
    Path structureFile;

    @Option(names = "--frame", defaultValue = "0", paramLabel = "K",
            description = "Frame of the structure file, 0-based; -1 for the last (default: ${DEFAULT-VALUE}).")
    int frame;

    @Option(names = "--bec-model", paramLabel = "MODEL", description = "BEC model, evaluated at the relaxed structure.")
    Path becModelFile;

    @Option(names = "--charges", paramLabel = "EL=Q,...", description = "Fixed charges instead of a BEC model, e.g. Na=1,Cl=-1.")
    String charges;

    @Option(names = "--supercell", paramLabel = "N1xN2xN3", description = "Replicate the structure first, e.g. 2x2x1.")
    String supercell;

    @Option(names = "--no-relax", description = "Use the structure as given (no relaxation).")
    boolean noRelax;

    @Option(names = "--relax-cell", description = "Also relax the cell (to zero stress).")
    boolean relaxCell;

    @Option(names = "--relax-only", description = "Stop after the relaxation: write relaxed.xyz and phonons.json (relaxation only).")
    boolean relaxOnly;

    @Option(names = "--fmax", defaultValue = "1e-4", paramLabel = "EV/A",
            description = "Relaxation: largest force at convergence (default: ${DEFAULT-VALUE} eV/A).")
    double fmax;

    @Option(names = "--smax", defaultValue = "1e-5", paramLabel = "EV/A3",
            description = "Cell relaxation: largest stress component at convergence (default: ${DEFAULT-VALUE} eV/A^3).")
    double smax;

    @Option(names = "--max-steps", defaultValue = "5000", paramLabel = "N",
            description = "Relaxation: FIRE steps at most (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--displacement", defaultValue = "0.01", paramLabel = "A",
            description = "Finite-difference displacement (default: ${DEFAULT-VALUE} A).")
    double displacement;

    @Option(names = "--epsilon", paramLabel = "E|9 NUMBERS",
            description = "High-frequency dielectric tensor (one number: isotropic; or 9, row-major) for the LO-TO "
                    + "term; default: the dielectric tensor of the structure file, if any.")
    String epsilon;

    @Option(names = "--direction", defaultValue = "0,0,1", paramLabel = "QX,QY,QZ",
            description = "Direction q-hat of the LO-TO term (Cartesian; default: ${DEFAULT-VALUE}).")
    String direction;

    @Option(names = "--fwhm", defaultValue = "10", paramLabel = "CM-1",
            description = "Lorentzian full width at half maximum of the broadened spectrum (default: ${DEFAULT-VALUE} cm^-1).")
    double fwhm;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        ForceField ff = ModelRegistry.readForceField(ffFile);
        Structure start = prepare(readFrame());
        BecModel model = becModelFile != null ? ModelRegistry.readBecModel(becModelFile)
                : charges != null ? FixedChargeModel.parse(charges) : null;
        if (!relaxOnly && model == null && !start.hasBec()) {
            throw new UsageException("no BECs: give --bec-model or --charges, or a structure file with BECs");
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        ForkJoinPool pool = new ForkJoinPool(nThreads);
        try {
            return pool.submit(() -> run(ff, start, model)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } finally {
            pool.shutdown();
        }
    }

    private void validate() {
        if (becModelFile != null && charges != null) {
            throw new UsageException("give --bec-model or --charges, not both");
        }
        if (!(fmax > 0) || !(smax > 0) || maxSteps < 0) {
            throw new UsageException("--fmax and --smax must be positive and --max-steps >= 0");
        }
        if (!(displacement > 0) || displacement > 0.1) {
            throw new UsageException("--displacement must be in (0, 0.1] A, got " + displacement);
        }
        if (!(fwhm > 0)) {
            throw new UsageException("--fwhm must be positive, got " + fwhm);
        }
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be >= 1");
        }
        if (noRelax && (relaxCell || relaxOnly)) {
            throw new UsageException("--no-relax contradicts --relax-cell and --relax-only");
        }
    }

    private Structure readFrame() throws Exception {
        List<Structure> frames = Readers.open(structureFile, ReadOptions.DEFAULTS).readAll();
        if (frames.isEmpty()) {
            throw new UsageException("no frames in " + structureFile);
        }
        int k = frame < 0 ? frames.size() + frame : frame;
        if (k < 0 || k >= frames.size()) {
            throw new UsageException("--frame " + frame + " is out of range (" + frames.size() + " frames)");
        }
        return frames.get(k);
    }

    private Structure prepare(Structure s) {
        if (supercell != null) {
            String[] p = supercell.trim().toLowerCase(Locale.ROOT).split("[x,]");
            if (p.length != 3) {
                throw new UsageException("--supercell must be N1xN2xN3, not '" + supercell + "'");
            }
            int[] n = new int[3];
            for (int i = 0; i < 3; i++) {
                try {
                    n[i] = Integer.parseInt(p[i].trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("--supercell must be N1xN2xN3, not '" + supercell + "'");
                }
                if (n[i] < 1) {
                    throw new UsageException("--supercell multiples must be >= 1, not '" + supercell + "'");
                }
            }
            if (!s.isPeriodic()) {
                throw new UsageException("--supercell needs a periodic structure");
            }
            s = Supercells.replicate(s, n[0], n[1], n[2]);
        }
        return s;
    }

    private GammaModes.NonAnalytic nonAnalytic(Structure s) {
        double[] eps = null;
        if (epsilon != null) {
            double[] v = PhononsReport.doubles(epsilon, "--epsilon");
            if (v.length == 1) {
                eps = new double[] {v[0], 0, 0, 0, v[0], 0, 0, 0, v[0]};
            } else if (v.length == 9) {
                eps = v;
            } else {
                throw new UsageException("--epsilon needs 1 or 9 numbers, got " + v.length);
            }
        } else if (s.dielectric() != null) {
            eps = s.dielectric();
        }
        if (eps == null) {
            return null;
        }
        if (!s.isPeriodic()) {
            throw new UsageException("the LO-TO term (--epsilon) needs a periodic structure");
        }
        double[] q = PhononsReport.doubles(direction, "--direction");
        if (q.length != 3 || (q[0] == 0 && q[1] == 0 && q[2] == 0)) {
            throw new UsageException("--direction needs 3 numbers, not all zero");
        }
        return new GammaModes.NonAnalytic(eps, q, s.cell().volume());
    }

    private int run(ForceField ff, Structure start, BecModel model) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(out);
        Relaxation.Result relaxed = Relaxation.relax(ff, start,
                new Relaxation.Settings(fmax, smax, noRelax ? 0 : maxSteps, relaxCell));
        Structure s = relaxed.structure();
        err.printf(Locale.ROOT, "phonons: %d atoms; relaxation %d steps, %s, max force %.2e eV/A, E %.6f eV%n",
                s.size(), relaxed.steps(), relaxed.converged() ? "converged" : "NOT converged", relaxed.maxForce(),
                relaxed.forces().energy());
        err.flush();
        if (relaxOnly) {
            AtomicFiles.writeText(out.resolve("relaxed.xyz"), w -> ExtXyzWriter.write(w, s));
            writeJson(start, relaxed, null, null);
            return 0;
        }
        ForceConstants fc;
        try (Progress p = Progress.start("force constants", 3L * s.size())) {
            fc = ForceConstants.finiteDifference(ff, s, displacement, done -> p.step());
        }
        double[] bec = model != null ? model.predict(s).bec() : s.bec();
        double[] masses = new double[s.size()];
        for (int i = 0; i < masses.length; i++) {
            masses[i] = Element.mass(s.atomicNumber(i));
        }
        GammaModes.Result modes = GammaModes.compute(fc, masses, bec, s.totalCharge(), nonAnalytic(s));
        AtomicFiles.writeText(out.resolve("relaxed.xyz"), w -> ExtXyzWriter.write(w, s.toBuilder().bec(bec).build()));
        writeModes(modes);
        writeSpectrum(modes);
        writeJson(start, relaxed, fc, modes);
        PhononsReport.summary(spec.commandLine().getOut(), modes, out);
        return 0;
    }

    private void writeModes(GammaModes.Result m) {
        AtomicFiles.writeText(out.resolve("modes.csv"), w -> {
            w.write("mode,frequency_cm-1,ir_intensity,ir_intensity_km_mol,acoustic,Zx,Zy,Zz"
                    + (m.loFrequencies() != null ? ",frequency_lo_cm-1" : "") + "\n");
            for (int k = 0; k < m.modes(); k++) {
                w.write(String.format(Locale.ROOT, "%d,%.4f,%.8g,%.6g,%b,%.6g,%.6g,%.6g", k, m.frequencies()[k],
                        m.intensities()[k], m.intensities()[k] * GammaModes.KM_PER_MOL_PER_E2_AMU, m.acoustic()[k],
                        m.modeCharges()[3 * k], m.modeCharges()[3 * k + 1], m.modeCharges()[3 * k + 2]));
                if (m.loFrequencies() != null) {
                    w.write(String.format(Locale.ROOT, ",%.4f", m.loFrequencies()[k]));
                }
                w.write("\n");
            }
        });
    }

    private void writeSpectrum(GammaModes.Result m) {
        double top = 0;
        for (double f : m.frequencies()) {
            top = Math.max(top, f);
        }
        int points = (int) Math.ceil(top * 1.15 + 5 * fwhm) + 1;
        double[] grid = new double[points];
        for (int g = 0; g < points; g++) {
            grid[g] = g;
        }
        double[] s = ModeSpectrum.lorentzian(m, grid, fwhm);
        AtomicFiles.writeText(out.resolve("spectrum.csv"), w -> {
            w.write("wavenumber_cm-1,intensity_e2_amu_per_cm-1\n");
            for (int g = 0; g < points; g++) {
                w.write(String.format(Locale.ROOT, "%.1f,%.8g%n", grid[g], s[g]));
            }
        });
        PhononsReport.plot(m, grid, s, fwhm, out);
    }

    private void writeJson(Structure start, Relaxation.Result relaxed, ForceConstants fc, GammaModes.Result m)
            throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("force_field", ffFile.toString());
        root.put("structure", structureFile.toString());
        root.put("frame", frame);
        root.put("atoms", relaxed.structure().size());
        root.put("bec_source", becModelFile != null ? becModelFile.toString()
                : charges != null ? "charges " + charges : "structure file (frame as read)");
        ObjectNode rel = root.putObject("relaxation");
        rel.put("cell", relaxCell);
        rel.put("steps", relaxed.steps());
        rel.put("converged", relaxed.converged());
        rel.put("max_force_eV_A", relaxed.maxForce());
        rel.put("energy_eV", relaxed.forces().energy());
        if (relaxed.forces().stress() != null) {
            ArrayNode st = rel.putArray("stress_eV_A3");
            for (double v : relaxed.forces().stress()) {
                st.add(v);
            }
        }
        if (start.isPeriodic()) {
            PhononsReport.cellParameters(rel.putObject("cell_before"), start.cell());
            PhononsReport.cellParameters(rel.putObject("cell_after"), relaxed.structure().cell());
        }
        if (fc == null) {
            AtomicFiles.writeString(out.resolve("phonons.json"), mapper.writeValueAsString(root) + "\n");
            return;
        }
        root.put("displacement_A", displacement);
        root.put("force_constant_asymmetry", fc.asymmetry());
        root.put("translation_frequency_cm-1", m.translationFrequency());
        root.put("bec_sum_rule_violation_e", m.becSumRuleViolation());
        root.put("intensity_unit", "e^2/amu (1 e^2/amu = " + String.format(Locale.ROOT, "%.2f",
                GammaModes.KM_PER_MOL_PER_E2_AMU) + " km/mol)");
        root.put("fwhm_cm-1", fwhm);
        PhononsReport.modes(root, m);
        AtomicFiles.writeString(out.resolve("phonons.json"), mapper.writeValueAsString(root) + "\n");
    }
}
