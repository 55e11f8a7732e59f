package org.zstar.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

class RadialDistributionTest {

    @Test
    void idealGasIsFlatAtOne() {
        Random rnd = new Random(1);
        RadialDistribution rdf = new RadialDistribution("Ar", "Ar", 5.0, 10);
        Cell cell = Cell.periodic(new double[][] {{10.5, 0, 0}, {1.0, 10.2, 0}, {0.5, -0.5, 10.4}});
        for (int f = 0; f < 200; f++) {
            int n = 100;
            double[] p = new double[3 * n];
            for (int i = 0; i < n; i++) {
                double[] c = cell.toCartesian(new double[] {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()});
                System.arraycopy(c, 0, p, 3 * i, 3);
            }
            String[] sym = new String[n];
            java.util.Arrays.fill(sym, "Ar");
            rdf.add(Structure.builder().symbols(sym).positions(p).cell(cell).build());
        }
        double[] g = rdf.g();
        for (int k = 3; k < g.length; k++) {
            assertThat(g[k]).as("bin %d", k).isCloseTo(1.0, offset(0.08));
        }
        assertThat(rdf.frames()).isEqualTo(200);
    }

    /** Rock salt: Na-Cl first shell at a/2 with 6 neighbours; Na-Na first shell at a/sqrt(2) with 12. */
    @Test
    void rockSaltShellsAndCoordination() {
        double a = 5.64;
        int rep = 3;
        int n = 8 * rep * rep * rep;
        double[] p = new double[3 * n];
        String[] sym = new String[n];
        int k = 0;
        for (int x = 0; x < 2 * rep; x++) {
            for (int y = 0; y < 2 * rep; y++) {
                for (int z = 0; z < 2 * rep; z++) {
                    p[3 * k] = x * a / 2;
                    p[3 * k + 1] = y * a / 2;
                    p[3 * k + 2] = z * a / 2;
                    sym[k] = (x + y + z) % 2 == 0 ? "Na" : "Cl";
                    k++;
                }
            }
        }
        Structure s = Structure.builder().symbols(sym).positions(p).cell(Cell.orthorhombic(rep * a, rep * a, rep * a))
                .build();
        RadialDistribution naCl = new RadialDistribution("Na", "Cl", 8.0, 160);
        naCl.add(s);
        assertThat(naCl.peak(0.5, 8.0)).isCloseTo(a / 2, offset(0.05));
        assertThat(coordination(naCl, n / 2.0 / s.cell().volume(), 3.5)).isCloseTo(6.0, offset(1e-9));
        RadialDistribution naNa = new RadialDistribution("Na", "Na", 8.0, 160);
        naNa.add(s);
        assertThat(naNa.peak(0.5, 4.5)).isCloseTo(a / Math.sqrt(2), offset(0.05));
        assertThat(coordination(naNa, (n / 2.0 - 1) / s.cell().volume(), 4.5)).isCloseTo(12.0, offset(1e-9));
        assertThatThrownBy(() -> new RadialDistribution("Na", "Cl", 9.0, 10).add(s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("half the plane spacing");
    }

    /** Coordination number {@code int_0^R 4 pi r^2 rho g(r) dr} from the shell volumes of the bins. */
    private static double coordination(RadialDistribution rdf, double rho, double upTo) {
        double[] r = rdf.r();
        double[] g = rdf.g();
        double dr = r[1] - r[0];
        double sum = 0;
        for (int k = 0; k < r.length; k++) {
            double lo = r[k] - dr / 2;
            double hi = lo + dr;
            if (hi <= upTo) {
                sum += 4.0 / 3.0 * Math.PI * (hi * hi * hi - lo * lo * lo) * rho * g[k];
            }
        }
        return sum;
    }
}
