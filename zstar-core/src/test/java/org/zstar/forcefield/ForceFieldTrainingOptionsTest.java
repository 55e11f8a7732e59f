package org.zstar.forcefield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zstar.models.SpeciesCounts;
import org.zstar.models.TrainingOptions;
import org.zstar.util.UserInputException;

/** The typed force-field training settings: documented defaults, automatic weights, refused impossible values. */
class ForceFieldTrainingOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ForceFieldTrainingOptions o = ForceFieldTrainingOptions.defaults();
        assertThat(o.zeta()).isEqualTo(ForceFieldDefaults.ZETA).isEqualTo(4);
        assertThat(o.references("O")).isEqualTo(ForceFieldDefaults.REFERENCES).isEqualTo(300);
        assertThat(o.selection()).isEqualTo(ForceFieldDefaults.SELECTION).isEqualTo(TrainingOptions.Selection.CUR);
        assertThat(o.lambda()).isEqualTo(ForceFieldDefaults.LAMBDA).isEqualTo(1e-9);
        assertThat(o.energyWeight()).isEmpty();
        assertThat(o.forceWeight()).isEmpty();
        assertThat(o.stressWeight()).isEmpty();
        assertThat(o.threads()).isEqualTo(ForceFieldDefaults.threads());
        // the help texts of train-ff say the same numbers
        assertThat(Integer.parseInt(ForceFieldDefaults.ZETA_TEXT)).isEqualTo(ForceFieldDefaults.ZETA);
        assertThat(Integer.parseInt(ForceFieldDefaults.REFERENCES_TEXT)).isEqualTo(ForceFieldDefaults.REFERENCES);
        assertThat(Double.parseDouble(ForceFieldDefaults.LAMBDA_TEXT)).isEqualTo(ForceFieldDefaults.LAMBDA);
        assertThat(TrainingOptions.Selection.parse(ForceFieldDefaults.SELECTION_TEXT))
                .isEqualTo(ForceFieldDefaults.SELECTION);
        // the metadata of a force field trained at the defaults
        assertThat(o.toMap()).containsEntry("zeta", 4).containsEntry("selection", "cur")
                .containsEntry("energy_weight", "auto").containsEntry("stress_weight", "auto")
                .containsEntry("references", Map.of("*", 300));
    }

    @Test
    void explicitValuesAreKeptAndToBuilderRoundTrips() {
        ForceFieldTrainingOptions o = ForceFieldTrainingOptions.builder().zeta(2)
                .references(SpeciesCounts.of(50, Map.of("H", 15))).selection(TrainingOptions.Selection.FPS)
                .lambda(1e-6).energyWeight(2.5).forceWeight(0.5).stressWeight(0).threads(3).build();
        assertThat(o.references("H")).isEqualTo(15);
        assertThat(o.references("O")).isEqualTo(50);
        assertThat(o.energyWeight()).hasValue(2.5);
        assertThat(o.forceWeight()).hasValue(0.5);
        assertThat(o.stressWeight()).hasValue(0.0);
        ForceFieldTrainingOptions copy = o.toBuilder().build();
        assertThat(copy.toMap()).isEqualTo(o.toMap());
        assertThat(o.withThreads(1).threads()).isEqualTo(1);
        assertThat(o.withThreads(1).toMap()).isEqualTo(o.toMap()); // threads never reach the file
        assertThat(o.toBuilder().automaticWeights().build().forceWeight()).isEmpty();
    }

    @Test
    void impossibleValuesAreUserErrors() {
        assertRefused(ForceFieldTrainingOptions.builder().zeta(0), "zeta");
        assertRefused(ForceFieldTrainingOptions.builder().references(0), "reference counts");
        assertRefused(ForceFieldTrainingOptions.builder().references(SpeciesCounts.of(10, Map.of("H", 0))),
                "reference counts");
        assertRefused(ForceFieldTrainingOptions.builder().lambda(-1e-9), "regularisation");
        assertRefused(ForceFieldTrainingOptions.builder().lambda(Double.NaN), "regularisation");
        assertRefused(ForceFieldTrainingOptions.builder().lambda(Double.POSITIVE_INFINITY), "regularisation");
        assertRefused(ForceFieldTrainingOptions.builder().energyWeight(-1), "energy weight");
        assertRefused(ForceFieldTrainingOptions.builder().forceWeight(Double.NaN), "force weight");
        assertRefused(ForceFieldTrainingOptions.builder().stressWeight(Double.POSITIVE_INFINITY), "stress weight");
        assertRefused(ForceFieldTrainingOptions.builder().energyWeight(0).forceWeight(0), "fit nothing");
        assertRefused(ForceFieldTrainingOptions.builder().threads(0), "threads");
        assertRefused(ForceFieldTrainingOptions.builder().selection(null), "selection");
        // one zero weight alone is a legitimate choice (forces only, energies only)
        assertThat(ForceFieldTrainingOptions.builder().energyWeight(0).build().energyWeight()).hasValue(0.0);
        assertThat(ForceFieldTrainingOptions.builder().forceWeight(0).build().forceWeight()).hasValue(0.0);
    }

    private static void assertRefused(ForceFieldTrainingOptions.Builder b, String message) {
        assertThatThrownBy(b::build).isInstanceOf(UserInputException.class).hasMessageContaining(message);
    }
}
