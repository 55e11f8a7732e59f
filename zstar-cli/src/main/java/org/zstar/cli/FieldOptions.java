package org.zstar.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.zstar.md.ElectricField;
import org.zstar.md.FieldForceField;
import org.zstar.md.FieldLog;
import org.zstar.md.ForceField;
import org.zstar.models.BecModel;
import picocli.CommandLine.Option;

/** The applied-field options of {@code zstar md} (docs/THEORY.md, "MD in an applied electric field"). */
final class FieldOptions {
    @Option(names = "--field", paramLabel = "EX,EY,EZ",
            description = "Applied electric field (V/A; amplitude for sine and pulse), acting through the BECs of "
                    + "--bec-model: F_j,b += sum_a E_a Z_j,ab. The potential and conserved energies then include "
                    + "-E.P; PREFIX-field.csv gets E(t), P and -E.P every step.")
    String field;

    @Option(names = "--field-shape", defaultValue = "static", paramLabel = "static|sine|pulse",
            description = "Time dependence: static, sine E0 sin(2 pi t/T + phase), or pulse "
                    + "E0 exp(-(t-t0)^2/(2 w^2)) [cos(2 pi (t-t0)/T + phase) when --field-period is given] "
                    + "(default: ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--field-period", paramLabel = "FS", description = "Period T of the sine or of the pulse's carrier (fs).")
    Double period;

    @Option(names = "--field-phase", defaultValue = "0", paramLabel = "RAD",
            description = "Phase (radians, default: ${DEFAULT-VALUE}).")
    double phase;

    @Option(names = "--field-centre", defaultValue = "0", paramLabel = "FS", description = "Pulse centre t0 (fs, default: ${DEFAULT-VALUE}).")
    double centre;

    @Option(names = "--field-width", paramLabel = "FS", description = "Pulse width w (fs).")
    Double width;

    boolean active() {
        return field != null;
    }

    ElectricField parse() {
        double[] e = PhononsReport.doubles(field, "--field");
        if (e.length != 3) {
            throw new UsageException("--field needs 3 components (V/A), got " + e.length);
        }
        return switch (shape.toLowerCase(Locale.ROOT)) {
            case "static" -> ElectricField.constant(e);
            case "sine" -> {
                if (period == null || !(period > 0)) {
                    throw new UsageException("--field-shape sine needs a positive --field-period (fs)");
                }
                yield ElectricField.sine(e, period, phase);
            }
            case "pulse" -> {
                if (width == null || !(width > 0)) {
                    throw new UsageException("--field-shape pulse needs a positive --field-width (fs)");
                }
                if (period != null && !(period > 0)) {
                    throw new UsageException("--field-period must be positive");
                }
                yield new ElectricField(e, ElectricField.Shape.PULSE, period == null ? 0 : period, phase, centre,
                        width);
            }
            default -> throw new UsageException("--field-shape must be static, sine or pulse, not '" + shape + "'");
        };
    }

    /** The force field in the field; null when no field is given. */
    FieldForceField wrap(ForceField ff, BecModel bec, double dt) {
        if (!active()) {
            return null;
        }
        ElectricField e = parse();
        if (bec == null) {
            throw new UsageException("--field needs --bec-model (the field acts through the model's BECs)");
        }
        return new FieldForceField(ff, bec, e, dt);
    }

    static FieldLog log(FieldForceField ff, Path prefix) {
        return ff == null ? null : new FieldLog(prefix);
    }
}
