package org.zstar.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Normal equations sent between JVMs (as zstar-spark's tree aggregation does): the sums and counts survive
 * exactly, and the copy keeps accumulating (weighted rows: the work arrays come back) and solves on this JVM's
 * backend.
 */
class NormalEquationsSerializationTest {
    static NormalEquations roundTrip(NormalEquations ne) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ne);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (NormalEquations) in.readObject();
        }
    }

    @Test
    void aDeserialisedCopyGoesOnAsTheOriginal() throws IOException, ClassNotFoundException {
        Random rnd = new Random(5);
        int n = 7;
        double[][] blocks = new double[3][];
        double[][] ys = new double[3][];
        double[][] ws = new double[3][];
        for (int k = 0; k < 3; k++) {
            blocks[k] = NormalEquationsTest.random(rnd, 11 * n);
            ys[k] = NormalEquationsTest.random(rnd, 11);
            ws[k] = new double[11];
            for (int r = 0; r < 11; r++) {
                ws[k][r] = 0.5 + rnd.nextDouble();
            }
        }
        NormalEquations original = new NormalEquations(n);
        original.addBlock(blocks[0], 11, ys[0], ws[0]);
        NormalEquations copy = roundTrip(original);
        assertThat(copy.size()).isEqualTo(n);
        assertThat(copy.gram()).containsExactly(original.gram());
        assertThat(copy.rhs()).containsExactly(original.rhs());
        assertThat(copy.sumSquaresY()).isEqualTo(original.sumSquaresY());
        assertThat(copy.rowCount()).isEqualTo(11);
        assertThat(copy.backend()).isNotNull();
        // both go on: weighted rows, extra rows, and a merge of a third, deserialised, set
        NormalEquations third = new NormalEquations(n);
        third.addBlock(blocks[2], 11, ys[2], null);
        for (NormalEquations ne : new NormalEquations[] {original, copy}) {
            ne.addBlock(blocks[1], 11, ys[1], ws[1]);
            ne.addRow(blocks[2], 0.25, 2.0);
            ne.merge(roundTrip(third));
        }
        assertThat(copy.gram()).containsExactly(original.gram());
        assertThat(copy.rhs()).containsExactly(original.rhs());
        assertThat(copy.rowCount()).isEqualTo(33).isEqualTo(original.rowCount());
        assertThat(copy.extraRowCount()).isEqualTo(1).isEqualTo(original.extraRowCount());
        assertThat(copy.solve(1e-3).x()).containsExactly(original.solve(1e-3).x());
        // the sums are not empty, so equality above says something
        assertThat(copy.meanDiagonal()).isGreaterThan(1);
    }
}
