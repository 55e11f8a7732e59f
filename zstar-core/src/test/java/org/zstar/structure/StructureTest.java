package org.zstar.structure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StructureTest {

    @Test
    void canonicalisesSymbolsAndCountsSpecies() {
        Structure s = Structure.builder().symbols("O", "h", "H").positions(new double[9]).build();
        assertThat(s.symbols()).containsExactly("O", "H", "H");
        assertThat(s.atomicNumbers()).containsExactly(8, 1, 1);
        assertThat(s.speciesCounts()).containsEntry("H", 2).containsEntry("O", 1);
        assertThat(s.speciesSorted()).containsExactly("H", "O");
        assertThat(Element.mass(8)).isCloseTo(15.999, within(1e-9));
        assertThat(Element.atomicNumber("Zr_sv")).isEqualTo(40);
    }

    @Test
    void rejectsUnknownElementsWrongShapesAndNaN() {
        assertThatThrownBy(() -> Structure.builder().symbols("Qq").positions(new double[3]).build())
                .hasMessageContaining("unknown element");
        assertThatThrownBy(() -> Structure.builder().symbols("O").positions(new double[6]).build())
                .hasMessageContaining("position components");
        assertThatThrownBy(() -> Structure.builder().symbols("O").positions(new double[] {0, Double.NaN, 0}).build())
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Structure.builder().symbols("O").positions(new double[3]).bec(new double[8]).build())
                .hasMessageContaining("BEC");
    }

    @Test
    void rotationRotatesVectorsAndTensorsAsRZRt() {
        double[] z = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Structure s = Structure.builder().symbols("O").positions(new double[] {1, 0, 0})
                .bec(z).forces(new double[] {0, 1, 0}).build();
        double[] r = Mat3.rotation(new double[] {0, 0, 1}, Math.PI / 2);
        Structure t = s.transformed(r, new double[3]);
        assertThat(t.positions()).containsExactly(new double[] {0, 1, 0}, within(1e-12));
        assertThat(t.forces()).containsExactly(new double[] {-1, 0, 0}, within(1e-12));
        assertThat(t.bec()).containsExactly(Mat3.rotateTensor(r, z), within(1e-12));
    }
}
