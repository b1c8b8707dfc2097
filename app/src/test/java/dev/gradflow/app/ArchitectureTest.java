package dev.gradflow.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.gradflow.archrules.CommonArchitectureRules;
import org.junit.jupiter.api.Test;


/** The workbench's layering (rules shared with model and charts in {@code CommonArchitectureRules}). */
class ArchitectureTest {
    private static final JavaClasses APP = CommonArchitectureRules.mainClasses("dev.gradflow.app");

    @Test
    void viewsAndViewModelsDoNotUseDl4jOrNd4j() {
        CommonArchitectureRules.appReachesDl4jOnlyThroughTheEngine(NativeWarmup.class.getName()).check(APP);
    }

    @Test
    void viewsDoNotTouchTheRunStoreOrLauncherDirectly() {
        CommonArchitectureRules.viewsDoNotTouchTheStoreOrTheTrainer().check(APP);
    }

    @Test
    void viewModelsDoNotUseControls() {
        CommonArchitectureRules.viewModelsDoNotUseControls().check(APP);
    }

    @Test
    void packagesAreFreeOfCycles() {
        CommonArchitectureRules.packagesAreFreeOfCycles("dev.gradflow.app").check(APP);
    }
}
