package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.analysis.BecSummary;
import org.zstar.io.BecRows;
import org.zstar.io.Format;
import org.zstar.io.FrameReader;
import org.zstar.io.PhonopyBorn;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zstar inspect}: a streaming summary of each input file, with BEC sum-rule diagnostics. */
@Command(name = "inspect", header = "Summarise structure files and check their BECs against the sum rules.", mixinStandardHelpOptions = true,
        description = "Summarise structure files: frames, atoms, species, cell, quantities present, and the "
            + "Born effective charge diagnostics: acoustic sum rule residual max_frames |sum_j Z_j - Q I|, "
            + "antisymmetric fraction ||(Z - Z^T)/2|| / ||Z||, mean trace(Z)/3 per species and, for isolated "
            + "molecules with a dipole, the rotational sum rule residual in both row conventions (the "
            + "convention with the smaller residual is named). Files are streamed, one frame at a time.")
public final class InspectCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public InspectCommand() {
    }

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Input files in any format of --format (detected from content, then name). gzip is detected.")
    List<Path> files;

    @Option(names = "--json", description = "Print one JSON object {\"files\": [...]} instead of text.")
    boolean json;

    @Option(names = "--bec-rows", paramLabel = "field|displacement", defaultValue = "field",
            description = "Meaning of the rows of BEC blocks in extended XYZ and BORN files (default: ${DEFAULT-VALUE}); "
                    + "'displacement' transposes them on read.")
    String becRows;

    @picocli.CommandLine.Mixin
    LammpsOptions lammps = new LammpsOptions();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Input format instead of detection: ${sys:zstar.formats}.")
    String format;

    @Option(names = "--species", split = ",", paramLabel = "SYMBOL",
            description = "Species per type, comma-separated, for VASP 4 POSCAR/XDATCAR files without a species line.")
    List<String> species;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BecRows rows = BecRows.parse(becRows);
        ReadOptions.Builder ob = lammps.applyTo(ReadOptions.builder().becRows(rows).species(species));
        Format explicit = format == null ? null : Format.parse(format);
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode arr = root.putArray("files");
        for (Path p : files) {
            Format f = explicit != null ? explicit : Readers.detect(p);
            BecSummary sum = new BecSummary();
            try (FrameReader r = Readers.open(p, ob.format(f).build())) {
                Structure s;
                while ((s = r.readNext()) != null) {
                    sum.accept(s);
                }
            }
            Rotational rot = Rotational.of(sum, rows);
            PhonopyBorn born = f == Format.PHONOPY_BORN ? PhonopyBorn.read(p, rows) : null;
            if (json) {
                json(arr.addObject(), p, f, sum, rows, rot, born);
            } else {
                text(out, p, f, sum, rows, rot.field, rot.displacement, rot.fieldMean, rot.displacementMean, rot.fits);
                if (born != null) {
                    bornText(out, born);
                }
            }
        }
        if (json) {
            try {
                out.println(mapper.writeValueAsString(root));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /**
     * The rotational sum-rule residuals as the rows were read ("as stored" is the file's rows read as field rows
     * unless --bec-rows displacement), and the convention they fit best (null without rotational frames).
     */
    private record Rotational(double field, double displacement, double fieldMean, double displacementMean,
            String fits) {
        static Rotational of(BecSummary sum, BecRows rows) {
            boolean swapped = rows == BecRows.DISPLACEMENT;
            double rotField = swapped ? sum.rotationalDisplacementRows() : sum.rotationalFieldRows();
            double rotDisp = swapped ? sum.rotationalFieldRows() : sum.rotationalDisplacementRows();
            double rotFieldMean = swapped ? sum.rotationalDisplacementRowsMean() : sum.rotationalFieldRowsMean();
            double rotDispMean = swapped ? sum.rotationalFieldRowsMean() : sum.rotationalDisplacementRowsMean();
            String fits = sum.rotationalConvention() == null ? null
                    : (rotFieldMean <= rotDispMean ? "field" : "displacement");
            return new Rotational(rotField, rotDisp, rotFieldMean, rotDispMean, fits);
        }
    }

    /** One file's summary as a JSON object. */
    private static void json(ObjectNode o, Path p, Format f, BecSummary sum, BecRows rows, Rotational rot,
            PhonopyBorn born) {
        o.put("path", p.toString());
        o.put("format", f.cliName());
        o.put("frames", sum.frames());
        o.put("atoms_min", sum.atomsMin());
        o.put("atoms_max", sum.atomsMax());
        ObjectNode sp = o.putObject("species");
        sum.species().forEach(sp::put);
        Cell c = sum.firstCell();
        if (c == null) {
            o.putNull("cell");
        } else {
            ArrayNode ca = o.putArray("cell");
            for (double v : c.lattice()) {
                ca.add(v);
            }
        }
        ArrayNode pbc = o.putArray("pbc");
        for (int k = 0; k < 3; k++) {
            pbc.add(c != null && c.periodic(k));
        }
        ObjectNode q = o.putObject("quantities");
        sum.quantities().forEach(q::put);
        o.put("has_bec", sum.hasBec());
        o.put("bec_rows_read_as", rows.name().toLowerCase(Locale.ROOT));
        putNumber(o, "asr_max", sum.asrMax());
        putNumber(o, "antisymmetric_fraction", sum.antisymmetricFraction());
        ObjectNode mc = o.putObject("mean_charge");
        sum.meanCharge().forEach(mc::put);
        if (born != null) {
            ArrayNode bi = o.putArray("born_independent");
            int[] idx = born.independentAtomIndices();
            List<double[]> t = born.independentTensors();
            for (int k = 0; k < t.size(); k++) {
                ObjectNode e = bi.addObject();
                if (idx != null) {
                    e.put("atom", idx[k] + 1);
                }
                e.put("mean_charge", (t.get(k)[0] + t.get(k)[4] + t.get(k)[8]) / 3);
            }
        }
        if (sum.rotationalFrames() > 0) {
            o.put("rotational_frames", sum.rotationalFrames());
            putNumber(o, "rotational_residual_field_rows", rot.field);
            putNumber(o, "rotational_residual_displacement_rows", rot.displacement);
            putNumber(o, "rotational_residual_field_rows_mean", rot.fieldMean);
            putNumber(o, "rotational_residual_displacement_rows_mean", rot.displacementMean);
            o.put("rotational_convention", rot.fits);
        }
    }

    /** The symmetry-independent tensors of a phonopy BORN file, one line. */
    private static void bornText(PrintWriter out, PhonopyBorn born) {
        int[] idx = born.independentAtomIndices();
        List<double[]> t = born.independentTensors();
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < t.size(); k++) {
            sb.append(k == 0 ? "" : ", ").append(idx == null ? "#" + (k + 1) : "atom " + (idx[k] + 1))
                    .append(String.format(Locale.ROOT, " %+.4f", (t.get(k)[0] + t.get(k)[4] + t.get(k)[8]) / 3));
        }
        out.println("  BORN:        " + t.size() + " symmetry-independent tensors, trace(Z)/3: " + sb
                + (idx == null ? " (the file does not say which atoms)" : ""));
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static void text(PrintWriter out, Path p, Format f, BecSummary sum, BecRows rows, double rotField,
            double rotDisp, double rotFieldMean, double rotDispMean, String fits) {
        out.println(p + " (" + f.cliName() + ")");
        out.printf(Locale.ROOT, "  frames:      %d%n", sum.frames());
        out.printf(Locale.ROOT, "  atoms:       %s%n", sum.atomsMin() == sum.atomsMax() ? Integer.toString(sum.atomsMax())
                : sum.atomsMin() + " .. " + sum.atomsMax());
        StringBuilder sp = new StringBuilder();
        for (Map.Entry<String, Integer> e : sum.species().entrySet()) {
            sp.append(sp.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        out.println("  species:     " + sp + " (first frame)");
        Cell c = sum.firstCell();
        if (c == null) {
            out.println("  cell:        none (isolated molecule)");
        } else {
            double[] l = c.lattice();
            out.printf(Locale.ROOT, "  cell:        a=(%.4f %.4f %.4f) b=(%.4f %.4f %.4f) c=(%.4f %.4f %.4f) A, volume %.3f A^3%n",
                    l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8], c.volume());
            out.printf(Locale.ROOT, "  periodic:    %s %s %s%n", c.periodic(0) ? "T" : "F", c.periodic(1) ? "T" : "F",
                    c.periodic(2) ? "T" : "F");
        }
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, Long> e : sum.quantities().entrySet()) {
            q.append(q.length() == 0 ? "" : ", ").append(e.getKey());
            if (e.getValue() != sum.frames()) {
                q.append(" (").append(e.getValue()).append(" frames)");
            }
        }
        out.println("  quantities:  " + (q.length() == 0 ? "positions only" : q));
        if (!sum.hasBec()) {
            out.println("  BEC:         none");
            return;
        }
        out.printf(Locale.ROOT, "  BEC rows:    read as %s%n", rows.name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "  ASR max:     %.3e e   (max over frames of |sum_j Z_j - Q I|)%n", sum.asrMax());
        out.printf(Locale.ROOT, "  antisym.:    %.4f     (||(Z - Z^T)/2|| / ||Z||)%n", sum.antisymmetricFraction());
        StringBuilder mc = new StringBuilder();
        for (Map.Entry<String, Double> e : sum.meanCharge().entrySet()) {
            mc.append(mc.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%+.4f", e.getValue()));
        }
        out.println("  trace(Z)/3:  " + mc + " e (mean per species)");
        if (sum.rotationalFrames() > 0) {
            out.printf(Locale.ROOT, "  rotational:  %d molecular frames; residual max (mean) rows=field %.3e (%.3e) e*A, "
                    + "rows=displacement %.3e (%.3e) e*A%n", sum.rotationalFrames(), rotField, rotFieldMean, rotDisp,
                    rotDispMean);
            out.println("               the file's BEC rows fit the " + fits + " direction");
        }
    }
}
