package org.zstar.md;

import org.zstar.util.UserInputException;

/**
 * A homogeneous applied electric field {@code E(t)} in V/A (docs/THEORY.md, "MD in an applied electric field",
 * (EF3)): static {@code E_0}, sinusoidal {@code E_0 sin(2 pi t / T + phi)}, or a Gaussian pulse
 * {@code E_0 exp(-(t - t_0)^2 / (2 sigma^2))}, optionally times a carrier {@code cos(2 pi (t - t_0) / T + phi)}.
 *
 * @param amplitude {@code E_0} (V/A), 3 components
 * @param shape the time dependence
 * @param period T (fs) of the sinusoid or of the pulse's carrier; 0 for a pulse without carrier
 * @param phase phi (radians)
 * @param centre t_0 (fs) of a pulse
 * @param width sigma (fs) of a pulse
 */
public record ElectricField(double[] amplitude, Shape shape, double period, double phase, double centre,
        double width) {

    /** The time dependence of the field. */
    public enum Shape {
        /** A constant field E_0. */
        STATIC,
        /** E_0 sin(2 pi t / T + phi). */
        SINE,
        /** A Gaussian envelope of width sigma centred at t_0, with an optional carrier of period T. */
        PULSE
    }

    /**
     * Checks the amplitude, period and pulse width, and copies the amplitude.
     *
     * @param amplitude {@code E_0} (V/A), 3 components
     * @param shape the time dependence
     * @param period T (fs) of the sinusoid or of the pulse's carrier; 0 for a pulse without carrier
     * @param phase phi (radians)
     * @param centre t_0 (fs) of a pulse
     * @param width sigma (fs) of a pulse
     */
    public ElectricField {
        if (amplitude == null || amplitude.length != 3) {
            throw new UserInputException("a field needs 3 components");
        }
        for (double a : amplitude) {
            if (!Double.isFinite(a)) {
                throw new UserInputException("field component is not finite: " + a);
            }
        }
        amplitude = amplitude.clone();
        if (shape == Shape.SINE && !(period > 0)) {
            throw new UserInputException("a sinusoidal field needs a positive period (fs), got " + period);
        }
        if (shape == Shape.PULSE && (!(width > 0) || !(period >= 0))) {
            throw new UserInputException("a pulse needs a positive width and a period >= 0 (fs)");
        }
        if (!Double.isFinite(phase) || !Double.isFinite(centre)) {
            throw new UserInputException("field phase and centre must be finite");
        }
    }

    /**
     * A static field.
     *
     * @param e the field E_0 (V/A), 3 components
     * @return the field
     */
    public static ElectricField constant(double[] e) {
        return new ElectricField(e, Shape.STATIC, 0, 0, 0, 1);
    }

    /**
     * {@code E_0 sin(2 pi t / T + phi)}.
     *
     * @param e the amplitude E_0 (V/A), 3 components
     * @param period T (fs)
     * @param phase phi (radians)
     * @return the field
     */
    public static ElectricField sine(double[] e, double period, double phase) {
        return new ElectricField(e, Shape.SINE, period, phase, 0, 1);
    }

    /**
     * (EF3) the field at time t (fs), V/A.
     *
     * @param t the time (fs)
     * @return the field (V/A), 3 components
     */
    public double[] at(double t) {
        double f = switch (shape) {
            case STATIC -> 1.0;
            case SINE -> Math.sin(2 * Math.PI * t / period + phase);
            case PULSE -> {
                double x = (t - centre) / width;
                double env = Math.exp(-0.5 * x * x);
                yield period > 0 ? env * Math.cos(2 * Math.PI * (t - centre) / period + phase) : env;
            }
        };
        return new double[] {f * amplitude[0], f * amplitude[1], f * amplitude[2]};
    }

    /** {@return a copy of E_0 (V/A)} */
    @Override
    public double[] amplitude() {
        return amplitude.clone();
    }
}
