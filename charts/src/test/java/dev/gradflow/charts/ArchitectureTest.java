package dev.gradflow.charts;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.gradflow.archrules.CommonArchitectureRules;
import org.junit.jupiter.api.Test;


/** The charts module's layering (rules shared with model and app in {@code CommonArchitectureRules}). */
class ArchitectureTest {
    private static final JavaClasses CHARTS = CommonArchitectureRules.mainClasses("dev.gradflow.charts");

    @Test
    void chartsImportNoJavaFx() {
        CommonArchitectureRules.chartsUseNoJavaFx().check(CHARTS);
    }

    @Test
    void packagesAreFreeOfCycles() {
        CommonArchitectureRules.packagesAreFreeOfCycles("dev.gradflow.charts").check(CHARTS);
    }
}
