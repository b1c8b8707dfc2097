package dev.gradflow.archrules;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering rules every module checks, written once (as JabRef's {@code CommonArchitectureTest}). This class lives
 * in the engine's test sources and is published as its test-jar; charts and app depend on that jar with scope test.
 * Each module's {@code ArchitectureTest} imports its own main classes with {@link #mainClasses} and checks the rules
 * that concern it. See docs/architecture.md.
 */
public final class CommonArchitectureRules {
    private CommonArchitectureRules() {}

    /** The module's production classes (no test classes, no jars). */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
    }

    /** The engine renders nothing: no JavaFX, no AWT or Swing, no JFreeChart. */
    public static ArchRule engineUsesNoUiOrChartLibrary() {
        return noClasses().that().resideInAPackage("dev.gradflow.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..", "org.jfree..")
                .because("the engine runs headless (CLI, tests); drawing belongs to charts and app");
    }

    /** Figures render headless: charts uses no JavaFX at all (so no scene classes either). */
    public static ArchRule chartsUseNoJavaFx() {
        return noClasses().that().resideInAPackage("dev.gradflow.charts..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("figures render headless for the CLI and tests; the FX viewer bridge lives in app");
    }

    /**
     * The workbench reaches DL4J/ND4J only through the engine's API.
     *
     * @param allowedFullyQualifiedName the one class allowed to touch ND4J directly (the native warm-up)
     */
    public static ArchRule appReachesDl4jOnlyThroughTheEngine(String allowedFullyQualifiedName) {
        return noClasses().that().resideInAPackage("dev.gradflow.app..")
                .and().doNotHaveFullyQualifiedName(allowedFullyQualifiedName)
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..");
    }

    /**
     * Views bind to their view model; they never touch the run store (any class of {@code model.store} that is not a
     * plain value record, e.g. {@code RunStore}, {@code StudyStore}, {@code StoreMerger}), the launcher
     * ({@code model.run}) or the trainer ({@code model.train}). Value records read from the store (a table's
     * {@code RunSummary} rows) are data and may be shown.
     */
    public static ArchRule viewsDoNotTouchTheStoreOrTheTrainer() {
        DescribedPredicate<JavaClass> storeCode = resideInAPackage("dev.gradflow.model.store..")
                .and(DescribedPredicate.describe("not a value record", c -> !c.isRecord()));
        return noClasses().that().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat(storeCode)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.gradflow.model.run..", "dev.gradflow.model.train..");
    }

    /** View models hold state and call the engine; they never build controls or windows. */
    public static ArchRule viewModelsDoNotUseControls() {
        return noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..");
    }

    /** No package cycles among the first-level packages of {@code rootPackage} (e.g. {@code dev.gradflow.charts}). */
    public static ArchRule packagesAreFreeOfCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles();
    }
}
