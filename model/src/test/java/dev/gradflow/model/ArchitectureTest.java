package dev.gradflow.model;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.gradflow.archrules.CommonArchitectureRules;
import org.junit.jupiter.api.Test;

/** The engine's layering (rules shared with charts and app in {@code CommonArchitectureRules}). */
class ArchitectureTest {
    private static final JavaClasses MODEL = CommonArchitectureRules.mainClasses("dev.gradflow.model");

    @Test
    void engineUsesNoUiOrChartLibrary() {
        CommonArchitectureRules.engineUsesNoUiOrChartLibrary().check(MODEL);
    }

    /** Checked unfrozen: when the rule was written the engine had no package cycle (train imports store, store imports no train). */
    @Test
    void packagesAreFreeOfCycles() {
        CommonArchitectureRules.packagesAreFreeOfCycles("dev.gradflow.model").check(MODEL);
    }
}
