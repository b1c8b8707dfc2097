package dev.gradflow.app.studies;

import dev.gradflow.app.Stores;
import dev.gradflow.app.WorkbenchApp;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window, headless (Monocle): Studies page, a tiny study file, Start, the p-value table coloured. */
@ExtendWith(ApplicationExtension.class)
class StudiesUiTest {
    private static final Path STORE;

    static {
        try {
            STORE = Files.createTempDirectory("gradflow-studies-ui").resolve("runs.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(Stores.PROPERTY, STORE.toString());
    }

    private WorkbenchApp app;

    @Start
    void start(Stage stage) {
        app = new WorkbenchApp();
        app.start(stage);
    }

    @Stop
    void stop() {
        app.shutdown();
    }

    @Test
    void tinyStudyRunsFromTheStudiesPageAndShowsThePValueTable(FxRobot robot, @TempDir Path dir) throws Exception {
        Path file = StudiesViewModelTest.tiny(dir);
        robot.clickOn("Studies");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#studies-view").tryQuery().isPresent());
        StudiesView view = robot.lookup("#studies-view").queryAs(StudiesView.class);
        assertThat(robot.lookup("#studies-start").queryButton().isDisabled()).isTrue();
        robot.interact(() -> view.load(file)); // the file chooser is native; load what it would return
        assertThat(robot.lookup("#studies-summary").queryAs(Label.class).getText()).startsWith("8 runs");
        assertThat(robot.lookup("#studies-runs").queryTableView().getItems()).hasSize(8);

        robot.clickOn("#studies-start");
        try {
            // looked up on the FX thread: the page rebuilds its tables while the study runs, and a scene-graph lookup
            // from the test thread can meet a children list mid-change
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("#studies-summary")
                    .queryAs(Label.class).getText().startsWith("study ")).get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("study did not end: " + robot.lookup("#studies-summary").queryAs(Label.class).getText(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#studies-summary").queryAs(Label.class).getText()).contains("8 trained").contains("0 failed");
        assertThat(robot.lookup(".study-table-title").queryAllAs(Label.class)).anyMatch(l -> l.getText().startsWith(dev.gradflow.model.study.StudyReport.SCSDC_TITLE));
        assertThat(robot.lookup(".study-cell").queryAllAs(Label.class))
                .anyMatch(l -> l.getStyleClass().stream().anyMatch(c -> c.matches("p001|p005|p010|ns")));
        assertThat(robot.lookup("#studies-start").queryButton().isDisabled()).isFalse();
    }
}
