package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.structure.Structure;
import org.zstar.testutil.ToyDescriptor;
import org.zstar.util.UserInputException;

/** Every descriptor registry entry's capabilities hold for a descriptor of its type. */
class DescriptorRegistryTest {
    static final DescriptorParameters P = new DescriptorParameters(List.of("H", "O"), 3.0, 2.6, 0.5, 4, 3, 2, 0.3,
            0.01);

    /** One small instance of every registered type. */
    static AtomicDescriptor instance(DescriptorRegistry.Entry e) {
        return switch (e.type()) {
            case ScalarDescriptor.TYPE -> new ScalarDescriptor(P);
            case VectorDescriptor.TYPE -> new VectorDescriptor(P);
            case UnitDescriptor.TYPE -> new UnitDescriptor(new ScalarDescriptor(P));
            default -> throw new AssertionError("a registered descriptor type without a test instance: " + e.type());
        };
    }

    @Test
    void everyEntryDescribesItsDescriptor() {
        Structure s = KernelBecModelPropertiesTest.periodic(21);
        Set<String> types = new HashSet<>();
        for (DescriptorRegistry.Entry e : DescriptorRegistry.all()) {
            assertThat(types.add(e.type())).as("type names are unique").isTrue();
            AtomicDescriptor d = instance(e);
            assertThat(DescriptorRegistry.of(d)).isSameAs(e);
            assertThat(d.getClass()).isEqualTo(e.implementation());
            assertThat(d.rank()).as(e.type()).isEqualTo(e.rank());
            Map<String, Object> hp = d.hyperParameters();
            assertThat(hp.get("type")).isEqualTo(e.type());
            assertThat(hp.keySet()).containsExactlyInAnyOrderElementsOf(concat("type", e.hyperParameters()));
            // the reader rebuilds the same descriptor, also through the type name
            assertThat(DescriptorRegistry.fromMap(hp).hyperParameters()).isEqualTo(hp);
            assertThat(DescriptorRegistry.byType(e.type()).reader().apply(hp).hyperParameters()).isEqualTo(hp);
            checkCapabilities(e, d, s);
        }
    }

    private static void checkCapabilities(DescriptorRegistry.Entry e, AtomicDescriptor d, Structure s) {
        DescriptorSet full = d.compute(s, true);
        assertThat(e.has(DescriptorRegistry.Capability.VALUES)).isTrue();
        assertThat(full.values.length).isEqualTo(s.size() * d.components());
        assertThat(full.hasDerivatives()).as(e.type() + " gradients").isEqualTo(
                e.has(DescriptorRegistry.Capability.GRADIENTS));
        if (e.has(DescriptorRegistry.Capability.CENTRE_BLOCKS)) {
            DescriptorSet block = d.computeCentres(s, 2, 5);
            DescriptorSet cut = full.centres(2, 5);
            assertThat(block.values).containsExactly(cut.values, within(1e-12));
            assertThat(block.derivatives).containsExactly(cut.derivatives, within(1e-12));
        }
        if (e.has(DescriptorRegistry.Capability.UNIT_NORMALISED)) {
            AtomicDescriptor inner = DescriptorRegistry.unitInner(d);
            assertThat(inner).isNotNull();
            assertThat(inner.rank()).isZero();
            for (int i = 0; i < s.size(); i++) {
                double n2 = 0;
                for (int c = 0; c < d.components(); c++) {
                    n2 += full.values[i * d.components() + c] * full.values[i * d.components() + c];
                }
                assertThat(n2).as("atom " + i).isCloseTo(1.0, within(1e-12));
            }
        } else {
            assertThat(DescriptorRegistry.unitInner(d)).isNull();
        }
        if (e.has(DescriptorRegistry.Capability.REVERSE_MODE_CONTRACTION)) {
            // ContractedPrediction casts on this capability: only what JointContraction takes may claim it
            assertThat(e.rank() == 0 ? ScalarDescriptor.class : VectorDescriptor.class).isEqualTo(e.implementation());
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new java.util.ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    /** The contraction path follows the capability: production descriptors take it, an unregistered one does not. */
    @Test
    void thePredictionPathFollowsTheCapability() {
        Structure s = KernelBecModelPropertiesTest.periodic(21);
        KernelBecModel production = RealDescriptorModelTest.model(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, s, 5);
        assertThat(DescriptorRegistry.has(DescriptorRegistry.unitInner(production.scalarDescriptor()),
                DescriptorRegistry.Capability.REVERSE_MODE_CONTRACTION)).isTrue();
        assertThat(production.predictsByContraction()).isTrue();
        ToyDescriptor toy = new ToyDescriptor(List.of("H", "O"), 3.0, 0, true);
        assertThat(DescriptorRegistry.of(toy)).isNull();
        assertThat(DescriptorRegistry.has(toy, DescriptorRegistry.Capability.GRADIENTS)).isFalse();
        KernelBecModel onToy = new KernelBecModel(production.spec(), new UnitDescriptor(toy),
                production.vectorDescriptor(), production.references(), production.weights(), null, null);
        assertThat(onToy.predictsByContraction()).as("unregistered scalar: the design route").isFalse();
        // a unit wrapper is unit-normalised, but cannot contract itself: the raw inner descriptor does
        assertThat(DescriptorRegistry.has(production.scalarDescriptor(),
                DescriptorRegistry.Capability.REVERSE_MODE_CONTRACTION)).isFalse();
    }

    @Test
    void unknownTypesAreUserErrorsNamingTheKnownOnes() {
        assertThatThrownBy(() -> DescriptorRegistry.fromMap(Map.of("type", "soap")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("soap")
                .hasMessageContaining(ScalarDescriptor.TYPE).hasMessageContaining(UnitDescriptor.TYPE);
    }
}
