package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;

/**
 * What ASE reads from zstar's extended XYZ: {@code get_velocities()} comes from a {@code momenta} column (ASE has no
 * use for a velocities column), in ASE units amu*A/t_ASE. The unit is checked against ASE's own definition
 * (ase/units.py, CODATA 2014): {@code fs = 1e-15 s}, {@code s = 1e10 sqrt(e/amu)} in ASE units, so that
 * 1 fs = 1e-5 sqrt(e[C] / amu[kg]) t_ASE.
 */
class AseRoundTripTest {
    @TempDir
    Path dir;

    /** ASE's femtosecond from its CODATA 2014 constants, independently of zstar's constant. */
    static final double ASE_FS_FROM_CODATA = 1e-5 * Math.sqrt(1.6021766208e-19 / 1.660539040e-27);

    static Structure frame(boolean withMasses) {
        Structure.Builder b = Structure.builder().symbols("O", "H", "H")
                .positions(new double[] {0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0})
                .velocities(new double[] {0.001, -0.002, 0.003, 0.01, 0.02, -0.03, -0.015, 0.005, 0.0})
                .atomArray(Structure.CHARGES, new double[] {-0.8, 0.4, 0.4});
        if (withMasses) {
            b.atomArray("masses", new double[] {16.0, 2.014, 2.014});
        }
        return b.build();
    }

    /** The momenta column of the written frame, as ASE would parse it: p = m v with v in A per ASE time unit. */
    static double[] momentaColumn(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String props = lines.get(1).replaceAll(".*Properties=(\\S+).*", "$1");
        String[] p = props.split(":");
        int start = 0;
        int at = -1;
        for (int k = 0; k < p.length; k += 3) {
            if (p[k].equals("momenta")) {
                assertThat(p[k + 1]).isEqualTo("R");
                assertThat(p[k + 2]).isEqualTo("3");
                at = start;
            }
            start += Integer.parseInt(p[k + 2]);
        }
        assertThat(at).as("momenta column in " + props).isGreaterThan(0);
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            String[] t = lines.get(2 + i).trim().split("\\s+");
            for (int k = 0; k < 3; k++) {
                out[3 * i + k] = Double.parseDouble(t[at + k]);
            }
        }
        return out;
    }

    @Test
    void aseFemtosecondMatchesAsesDefinition() {
        assertThat(ExtXyzReader.ASE_FS).isCloseTo(ASE_FS_FROM_CODATA, within(1e-12));
    }

    @Test
    void momentaAreMassTimesVelocityInAseUnits() throws Exception {
        Structure s = frame(false);
        Path f = dir.resolve("md.xyz");
        ExtXyzWriter.write(f, List.of(s));
        double[] p = momentaColumn(f);
        double[] v = s.velocities();
        for (int i = 0; i < 3; i++) {
            double m = Element.mass(s.atomicNumber(i));
            for (int k = 0; k < 3; k++) {
                // what ASE's get_velocities() returns (A per ASE time unit), converted to A/fs
                double aseVelocity = p[3 * i + k] / m;
                assertThat(aseVelocity * ASE_FS_FROM_CODATA).isCloseTo(v[3 * i + k], within(1e-15));
            }
        }
        // a 1 A/fs hydrogen has 1.008 / 0.0982 = 10.26 amu*A/t_ASE: not the velocity, not zero
        assertThat(p[3] / 0.01).isCloseTo(1.008 / ASE_FS_FROM_CODATA, within(1e-9));
    }

    @Test
    void aMassesColumnIsUsedForTheMomenta() throws Exception {
        Structure s = frame(true);
        Path f = dir.resolve("md-masses.xyz");
        ExtXyzWriter.write(f, List.of(s));
        double[] p = momentaColumn(f);
        assertThat(p[3]).isCloseTo(2.014 * 0.01 / ASE_FS_FROM_CODATA, within(1e-12));
    }

    @Test
    void zstarReadsBackTheVelocitiesAndTheMomentaAlone() throws Exception {
        Structure s = frame(false);
        Path f = dir.resolve("md.xyz");
        ExtXyzWriter.write(f, List.of(s));
        Structure back = Readers.readAll(List.of(f), ReadOptions.DEFAULTS).get(0);
        assertThat(back.velocities()).containsExactly(s.velocities());
        assertThat(back.atomArrayNames()).doesNotContain("momenta");
        // a file with momenta only (as ASE writes it) gives the same velocities
        String text = Files.readString(f);
        String props = "species:S:1:pos:R:3:velocities:R:3:charges:R:1:momenta:R:3";
        assertThat(text).contains("Properties=" + props);
        StringBuilder momentaOnly = new StringBuilder();
        List<String> lines = Files.readAllLines(f);
        momentaOnly.append(lines.get(0)).append('\n')
                .append(lines.get(1).replace(props, "species:S:1:pos:R:3:charges:R:1:momenta:R:3")).append('\n');
        for (int i = 2; i < 5; i++) {
            String[] t = lines.get(i).trim().split("\\s+");
            momentaOnly.append(String.join(" ", t[0], t[1], t[2], t[3], t[7], t[8], t[9], t[10])).append('\n');
        }
        Path g = dir.resolve("ase.xyz");
        Files.writeString(g, momentaOnly);
        Structure fromMomenta = Readers.readAll(List.of(g), ReadOptions.DEFAULTS).get(0);
        assertThat(fromMomenta.velocities()).containsExactly(s.velocities(), within(1e-15));
    }

    /** A python3 that has ASE, or null. */
    static String pythonWithAse() {
        for (String py : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import ase").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return py;
                }
            } catch (java.io.IOException e) {
                // not there: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Test
    void aseItselfReadsTheVelocitiesAndCharges() throws Exception {
        String py = pythonWithAse();
        org.junit.jupiter.api.Assumptions.assumeTrue(py != null, "skipped: no python3 with ASE on this machine");
        Structure s = frame(false);
        Path f = dir.resolve("md.xyz");
        ExtXyzWriter.write(f, List.of(s));
        String script = "import ase.io, ase.units\n"
                + "a = ase.io.read('" + f + "')\n"
                + "print(' '.join(repr(x) for x in (a.get_velocities() * ase.units.fs).ravel()))\n"
                + "print(' '.join(repr(x) for x in a.get_initial_charges()))\n";
        Process p = new ProcessBuilder(py, "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        String[] lines = out.strip().split("\n");
        double[] v = java.util.Arrays.stream(lines[lines.length - 2].trim().split("\\s+"))
                .mapToDouble(Double::parseDouble).toArray();
        // ASE divides by its own default masses: 1e-4 relative agreement with zstar's standard weights
        assertThat(v).hasSize(9);
        for (int k = 0; k < 9; k++) {
            assertThat(v[k]).as("v[%d] A/fs from ASE", k).isCloseTo(s.velocities()[k],
                    within(1e-4 * Math.abs(s.velocities()[k]) + 1e-15));
        }
        double[] q = java.util.Arrays.stream(lines[lines.length - 1].trim().split("\\s+"))
                .mapToDouble(Double::parseDouble).toArray();
        assertThat(q).containsExactly(-0.8, 0.4, 0.4);
    }

    @Test
    void aPolarizationKeyIsWrittenOnceUnderItsOwnName() throws Exception {
        Path in = dir.resolve("pol.xyz");
        Files.writeString(in, "1\nProperties=species:S:1:pos:R:3 polarization=\"-1.22 0.5 3.0\" pbc=\"F F F\"\n"
                + "H 0 0 0\n");
        Structure s = Readers.readAll(List.of(in), ReadOptions.DEFAULTS).get(0);
        assertThat(s.dipole()).containsExactly(-1.22, 0.5, 3.0);
        Path out = dir.resolve("pol-out.xyz");
        ExtXyzWriter.write(out, List.of(s));
        String comment = Files.readAllLines(out).get(1);
        assertThat(comment).contains("polarization=\"-1.22 0.5 3.0\"").doesNotContain("dipole=");
        Structure back = Readers.readAll(List.of(out), ReadOptions.DEFAULTS).get(0);
        assertThat(back.dipole()).containsExactly(s.dipole());
        assertThat((double[]) back.info().get("polarization")).containsExactly(-1.22, 0.5, 3.0);
    }
}
