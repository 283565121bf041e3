package org.diffdyn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffdyn.core.ParameterException;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class RegistryTest {
    @Test
    void everyRegisteredExperimentIsWellFormed() {
        assertTrue(Registry.all().size() >= 1);
        for (Experiment e : Registry.all()) {
            assertTrue(e.name().matches("[a-z0-9]+(-[a-z0-9]+)*"), "kebab-case name: " + e.name());
            assertTrue(
                    !e.title().isBlank() && e.description().length() > 40,
                    e.name() + " needs a title and a description");
            assertTrue(e.params().stream().anyMatch(p -> p.key().equals("seed")), e.name() + " must declare a seed");
            Table d = Registry.describe(e.name());
            assertEquals(e.params().size(), d.rowCount());
            assertTrue(e.builder().params() != null);
            Spec spec = e.spec(); // every experiment has a spec (declared, or bridged from the pre-v2 methods)
            assertEquals(e.name(), spec.name());
            assertEquals(e.paper(), spec.paper().label());
            assertEquals(e.params(), spec.params());
        }
    }

    @Test
    void unknownExperimentListsTheValidNames() {
        ParameterException ex = assertThrows(ParameterException.class, () -> Registry.get("no-such-thing"));
        assertTrue(ex.getMessage().contains("weight-relaxation"), ex.getMessage());
    }
}
