package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zstar.dft.QeCollector;
import org.zstar.io.ExtXyzWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zstar dft qe collect}: finished jobs to extended XYZ. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Parse the finished jobs of a 'zstar dft qe' folder (pw.out + ph.out) into extended XYZ with",
            "Born effective charges (BEC, rows = field direction), forces, energy and dielectric tensor; report",
            "unfinished and failed folders."})
public final class DftQeCollectCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public DftQeCollectCommand() {
    }

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder made by 'zstar dft qe prepare' and run.")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "FILE.xyz", description = "Extended XYZ file to write.")
    Path out;

    @Option(names = "--strict", description = "Exit with code 1 when some folders are unfinished or failed (default: 0, "
            + "they are only reported).")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        QeCollector.Result r = QeCollector.collect(dir);
        PrintWriter err = spec.commandLine().getErr();
        for (String p : r.problems()) {
            err.println(p);
        }
        err.flush();
        if (r.frames().isEmpty()) {
            throw new UsageException("no finished jobs in " + dir + " (" + r.unfinished() + " unfinished, " + r.failed()
                    + " failed)");
        }
        ExtXyzWriter.write(out, r.frames());
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %d frames to %s (%d unfinished, %d failed)%n", r.frames().size(), out, r.unfinished(), r.failed());
        o.flush();
        return r.problems().isEmpty() || !strict ? 0 : 1;
    }
}
