package dev.gradflow.model;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.gradflow.archrules.CommonArchitectureRules;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine's layering (rules shared with charts and app in {@code CommonArchitectureRules}). */
class ArchitectureTest {
    private static final JavaClasses MODEL = CommonArchitectureRules.mainClasses("dev.gradflow.model");

    @Test
    void engineUsesNoUiOrChartLibrary() {
        CommonArchitectureRules.engineUsesNoUiOrChartLibrary().check(MODEL);
    }

    /**
     * Training does not depend on persistence: the trainer reports its values (steps, evaluation points, mask events,
     * snapshots, layer infos: records of {@code model.metrics}) to an observer, and the launcher ({@code model.run})
     * stores them. Failed before MaskEvent, Snapshot and LayerInfo moved from store to metrics.
     */
    @Test
    void trainDoesNotDependOnStore() {
        noClasses().that().resideInAPackage("dev.gradflow.model.train..")
                .should().dependOnClassesThat().resideInAPackage("dev.gradflow.model.store..")
                .because("training must run without the run store (docs/architecture.md)")
                .check(MODEL);
    }

    /** Checked unfrozen: when the rule was written the engine had no package cycle (store imports no train). */
    @Test
    void packagesAreFreeOfCycles() {
        CommonArchitectureRules.packagesAreFreeOfCycles("dev.gradflow.model").check(MODEL);
    }
}
