package org.zstar.dft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.UserInputException;

/**
 * A folder of Quantum ESPRESSO jobs, one sub-folder per structure ({@code 0000}, {@code 0001}, ...), each
 * with {@value #PW_IN} and {@value #PH_IN} and, once run, {@value #PW_OUT} and {@value #PH_OUT}; the folder
 * holds a manifest {@value #MANIFEST} of what was prepared. A job has finished cleanly when both outputs
 * end with QE's "JOB DONE.".
 */
public final class QeJobs {
    /** File name of the pw.x input in a job folder. */
    public static final String PW_IN = "pw.in";
    /** File name of the ph.x input in a job folder. */
    public static final String PH_IN = "ph.in";
    /** File name of the pw.x output in a job folder. */
    public static final String PW_OUT = "pw.out";
    /** File name of the ph.x output in a job folder. */
    public static final String PH_OUT = "ph.out";
    /** File name of the manifest of the job folders. */
    public static final String MANIFEST = "manifest.json";
    /** The manifest's format tag. */
    public static final String MANIFEST_FORMAT = "zstar-qe-jobs";
    static final String JOB_DONE = "JOB DONE.";

    /** Where a job stands. */
    public enum State {
        /** Not run: no pw.x output. */
        PENDING,
        /** pw.x finished, ph.x not run. */
        PW_DONE,
        /** Both finished cleanly. */
        DONE,
        /** An output exists without "JOB DONE." (crashed, killed, or still running). */
        FAILED
    }

    /**
     * One structure to prepare, with where it came from.
     *
     * @param structure the structure
     * @param source the file it was read from
     * @param frame its 0-based frame index in that file
     */
    public record Job(Structure structure, String source, int frame) {
    }

    private QeJobs() {
    }

    /**
     * Writes one folder per structure with pw.x and ph.x inputs, and the manifest. The pseudopotential of
     * every species is resolved first (one error before anything is written). Returns the folders.
     *
     * @param jobs the structures and their folder names
     * @param out the folder that receives the job folders (created if missing)
     * @param settings the QE settings of every job
     * @return the job folders written, in order
     */
    public static List<Path> prepare(List<Job> jobs, Path out, QeSettings settings) {
        if (jobs.isEmpty()) {
            throw new UserInputException("no structures to prepare");
        }
        TreeSet<String> species = new TreeSet<>();
        for (Job j : jobs) {
            species.addAll(List.of(j.structure().speciesSorted()));
        }
        Map<String, String> pseudos = settings.resolvePseudopotentials(new ArrayList<>(species));
        int width = Math.max(4, Integer.toString(jobs.size() - 1).length());
        List<String[]> texts = new ArrayList<>();
        for (Job j : jobs) {
            texts.add(new String[] {QeInputs.pw(j.structure(), settings, pseudos), QeInputs.ph(settings)});
        }
        List<Path> folders = new ArrayList<>();
        List<Map<String, Object>> frames = new ArrayList<>();
        try {
            Files.createDirectories(out);
            for (int i = 0; i < jobs.size(); i++) {
                String name = String.format("%0" + width + "d", i);
                Path d = out.resolve(name);
                Files.createDirectories(d);
                AtomicFiles.writeString(d.resolve(PW_IN), texts.get(i)[0]);
                AtomicFiles.writeString(d.resolve(PH_IN), texts.get(i)[1]);
                folders.add(d);
                Job j = jobs.get(i);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("folder", name);
                f.put("source", j.source());
                f.put("frame", j.frame());
                f.put("atoms", j.structure().size());
                f.put("species", j.structure().speciesCounts());
                frames.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", MANIFEST_FORMAT);
        m.put("version", 1);
        m.put("program", "Quantum ESPRESSO pw.x (scf, forces) + ph.x (epsil=.true., trans=.false., Gamma)");
        m.put("settings", settings.toMap());
        m.put("pseudopotentials", pseudos);
        m.put("frames", frames);
        try {
            AtomicFiles.writeString(out.resolve(MANIFEST),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folders;
    }

    /**
     * The job folders of dir: the manifest's, else every sub-folder holding a pw.x input, sorted by name.
     *
     * @param dir the folder written by {@link #prepare}
     * @return the job folders, sorted by name
     */
    public static List<Path> folders(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + " is not a folder of Quantum ESPRESSO jobs");
        }
        Path manifest = dir.resolve(MANIFEST);
        List<Path> out = new ArrayList<>();
        if (Files.isRegularFile(manifest)) {
            try {
                Map<?, ?> m = new ObjectMapper().readValue(manifest.toFile(), Map.class);
                if (!MANIFEST_FORMAT.equals(m.get("format")) || !(m.get("frames") instanceof List<?> frames)) {
                    throw new UserInputException(manifest + " is not a zstar QE job manifest");
                }
                for (Object o : frames) {
                    out.add(dir.resolve(String.valueOf(((Map<?, ?>) o).get("folder"))));
                }
                return out;
            } catch (IOException e) {
                throw new UserInputException("cannot read " + manifest + ": " + e.getMessage());
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p.resolve(PW_IN))).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new UserInputException(dir + " holds no job folders (sub-folders with " + PW_IN
                    + "); make them with 'zstar dft qe prepare'");
        }
        return out;
    }

    /**
     * Where the job in folder stands.
     *
     * @param folder a job folder
     * @return its state from the outputs present
     */
    public static State state(Path folder) {
        Path pw = folder.resolve(PW_OUT);
        Path ph = folder.resolve(PH_OUT);
        if (!Files.exists(pw)) {
            return State.PENDING;
        }
        if (!finished(pw)) {
            return State.FAILED;
        }
        if (!Files.exists(ph)) {
            return State.PW_DONE;
        }
        return finished(ph) ? State.DONE : State.FAILED;
    }

    /**
     * Whether a QE output ends cleanly ("JOB DONE." in its last lines).
     *
     * @param output a pw.x or ph.x output file
     * @return true when the file ends with QE's "JOB DONE."
     */
    public static boolean finished(Path output) {
        return tail(output, 4096).contains(JOB_DONE);
    }

    /**
     * The error QE printed (the text between its '%%%%' lines), or the last non-blank line; "" if none.
     *
     * @param output a pw.x or ph.x output file
     * @return the error text, or "" when there is none
     */
    public static String errorMessage(Path output) {
        if (!Files.exists(output)) {
            return "";
        }
        String t = tail(output, 16384);
        String[] lines = t.split("\n");
        StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String l : lines) {
            if (l.trim().startsWith("%%%%")) {
                if (in) {
                    break;
                }
                in = true;
                continue;
            }
            if (in && !l.isBlank()) {
                sb.append(sb.length() > 0 ? " " : "").append(l.trim());
            }
        }
        if (sb.length() > 0) {
            return sb.toString();
        }
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return "output ends with '" + lines[i].trim() + "'";
            }
        }
        return "output is empty";
    }

    private static String tail(Path p, int bytes) {
        try (var ch = Files.newByteChannel(p)) {
            long size = ch.size();
            long start = Math.max(0, size - bytes);
            ch.position(start);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - start));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read fully
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
