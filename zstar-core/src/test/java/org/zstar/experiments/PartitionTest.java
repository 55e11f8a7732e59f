package org.zstar.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zstar.models.BecEvaluation;
import org.zstar.models.BecPrediction;
import org.zstar.models.KernelBecModel;
import org.zstar.structure.Structure;

class PartitionTest {

    static Structure twoAtoms() {
        return Structure.builder().symbols(new String[] {"O", "O"}).positions(new double[] {0, 0, 0, 1, 0, 0}).build();
    }

    /** Hand-made tensors: shares are projections, so an off-diagonal element in the wrong place is caught. */
    @Test
    void sharesAreProjectionsOntoTheIsotropicAndAnisotropicPartsOfZ() {
        double[] mono = {2, 0, 0, 0, 2, 0, 0, 0, 2, 2, 0, 0, 0, 2, 0, 0, 0, 2};
        double[] redis = {-1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0};
        double[] dip = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};
        double[] z = new double[18];
        for (int k = 0; k < 18; k++) {
            z[k] = mono[k] + redis[k] + dip[k];
        }
        Structure s = twoAtoms().toBuilder().bec(z.clone()).build();
        BecPrediction p = new BecPrediction(new double[] {2, 2}, new double[] {0, 0, 1, 0, 0, 0}, z, mono, redis, dip,
                new double[3]);
        Partition.Row r = Partition.of(List.of(s), List.of(p), List.of("O")).get(0);
        assertThat(r.isoShare()[0]).isCloseTo(1.0, within(1e-12));
        assertThat(r.isoShare()[1]).isCloseTo(0.0, within(1e-12));
        assertThat(r.isoShare()[2]).isCloseTo(0.0, within(1e-12));
        // A(Z): atom 0 diag(-1,0,1) (|.|^2 = 2), atom 1 [[0,1],[1,0]] (|.|^2 = 2); R carries 2 + 1, D carries 1
        assertThat(r.anisoShare()[0]).isCloseTo(0.0, within(1e-12));
        assertThat(r.anisoShare()[1]).isCloseTo(0.75, within(1e-12));
        assertThat(r.anisoShare()[2]).isCloseTo(0.25, within(1e-12));
        assertThat(r.charge().mean()).isEqualTo(2.0);
        assertThat(r.dipoleNorm().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(r.dipoleNorm().std()).isCloseTo(0.5, within(1e-12));
        assertThat(r.termAniso()[1].mean()).isCloseTo((Math.sqrt(2) + 1) / 2, within(1e-12));
        assertThat(r.dftIso().mean()).isCloseTo(2.0, within(1e-12));
        assertThat(r.nominal()).isEqualTo(-2.0);
    }

    @Test
    void partsOfARealModelSumToItsBecAndSharesToOne() {
        KernelBecModel teacher = ExperimentFixtures.teacher();
        List<Structure> frames = ExperimentFixtures.labelled(3);
        List<BecPrediction> preds = BecEvaluation.predictAll(teacher, frames, null);
        for (BecPrediction p : preds) {
            for (int k = 0; k < p.bec().length; k++) {
                assertThat(p.monopole()[k] + p.redistribution()[k] + p.dipolePart()[k]).isCloseTo(p.bec()[k], within(1e-12));
            }
        }
        List<Partition.Row> rows = Partition.of(frames, preds, teacher.species());
        assertThat(rows).extracting(Partition.Row::species).containsExactly("H", "O");
        for (Partition.Row r : rows) {
            double iso = r.termIso()[0].mean() + r.termIso()[1].mean() + r.termIso()[2].mean();
            assertThat(iso).isCloseTo(r.modelIso().mean(), within(1e-12));
            assertThat(r.termIso()[0].mean()).isCloseTo(r.charge().mean(), within(1e-12));
            assertThat(r.isoShare()[0] + r.isoShare()[1] + r.isoShare()[2]).isCloseTo(1.0, within(1e-12));
            assertThat(r.anisoShare()[0]).isCloseTo(0.0, within(1e-12));
            assertThat(r.anisoShare()[1] + r.anisoShare()[2]).isCloseTo(1.0, within(1e-12));
            // labels are the teacher's own BECs
            assertThat(r.dftIso().mean()).isCloseTo(r.modelIso().mean(), within(1e-12));
        }
        assertThat(NominalCharges.of("Zr")).isEqualTo(4.0);
        assertThat(NominalCharges.of("C")).isNull();
    }
}
