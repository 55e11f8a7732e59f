package org.zstar.dft;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.zstar.io.InputFormatException;
import org.zstar.io.QeDirectoryReader;
import org.zstar.io.ReadOptions;
import org.zstar.structure.Structure;

/**
 * Parses finished {@link QeJobs} folders into frames with the existing readers ({@link QeDirectoryReader}:
 * geometry, energy and forces from the pw.x output, dielectric tensor and Born effective charges from the
 * ph.x output, rows = field direction), and lists the folders it could not use.
 */
public final class QeCollector {
    /**
     * The frames, and one line per folder that was not used.
     *
     * @param frames the frames read, in folder order
     * @param folders the folder name of each frame
     * @param problems one line per folder that was not used
     * @param unfinished the number of folders without a finished output
     * @param failed the number of folders whose QE run failed
     */
    public record Result(List<Structure> frames, List<String> folders, List<String> problems, int unfinished,
            int failed) {
    }

    private QeCollector() {
    }

    /**
     * Reads every job folder of a prepared QE run into frames with BECs; folders that are unfinished, failed or
     * unreadable are listed instead.
     *
     * @param dir the folder written by {@link QeJobs#prepare}
     * @return the frames in folder order and one problem line per folder not used
     */
    public static Result collect(Path dir) {
        List<Structure> frames = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int unfinished = 0;
        int failed = 0;
        for (Path f : QeJobs.folders(dir)) {
            String name = dir.relativize(f).toString();
            QeJobs.State st = QeJobs.state(f);
            switch (st) {
                case PENDING -> {
                    unfinished++;
                    problems.add(name + ": not run");
                }
                case PW_DONE -> {
                    unfinished++;
                    problems.add(name + ": pw.x finished, ph.x not run");
                }
                case FAILED -> {
                    failed++;
                    Path out = QeJobs.finished(f.resolve(QeJobs.PW_OUT)) ? f.resolve(QeJobs.PH_OUT) : f.resolve(QeJobs.PW_OUT);
                    problems.add(name + ": " + out.getFileName() + " did not finish (failed, killed or still running): "
                            + QeJobs.errorMessage(out));
                }
                case DONE -> {
                    try {
                        Structure s = new QeDirectoryReader(f, ReadOptions.DEFAULTS).readNext();
                        if (s.bec() == null) {
                            failed++;
                            problems.add(name + ": ph.x output has no effective charges (epsil=.true. missing, or a metal)");
                            continue;
                        }
                        frames.add(s.toBuilder().info("pw_output", name + "/" + QeJobs.PW_OUT)
                                .info("ph_output", name + "/" + QeJobs.PH_OUT).info("qe_job", name).build());
                        names.add(name);
                    } catch (InputFormatException e) {
                        failed++;
                        problems.add(name + ": " + e.getMessage());
                    }
                }
                default -> throw new IllegalStateException(st.toString());
            }
        }
        return new Result(frames, names, problems, unfinished, failed);
    }
}
