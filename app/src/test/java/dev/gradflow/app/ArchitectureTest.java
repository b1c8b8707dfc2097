package dev.gradflow.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The workbench reaches DL4J/ND4J only through the engine's public API. */
class ArchitectureTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gradflow.app");

    @Test
    void viewsAndViewModelsDoNotUseDl4jOrNd4j() {
        noClasses().that().resideInAPackage("dev.gradflow.app..")
                .and().doNotHaveFullyQualifiedName(NativeWarmup.class.getName())
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .check(APP);
    }

    @Test
    void viewsDoNotTouchTheRunStoreOrLauncherDirectly() {
        noClasses().that().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().resideInAnyPackage("dev.gradflow.model.run..", "dev.gradflow.model.train..")
                .check(APP);
    }

    @Test
    void viewModelsDoNotUseControls() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .check(APP);
    }
}
