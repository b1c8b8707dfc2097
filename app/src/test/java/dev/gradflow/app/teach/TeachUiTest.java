package dev.gradflow.app.teach;

import dev.gradflow.app.Stores;
import dev.gradflow.app.WorkbenchApp;
import dev.gradflow.app.runs.RunJob;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Teach > a lesson: one click queues the lesson's runs, then compares them in presentation mode. */
@ExtendWith(ApplicationExtension.class)
class TeachUiTest {
    static {
        try {
            System.setProperty(Stores.PROPERTY, Files.createTempDirectory("gradflow-teach").resolve("runs.db").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("gradflow.teach.tiny", "true"); // 200 examples, 1 epoch: seconds per run
    }

    private WorkbenchApp app;

    @Start
    void start(Stage stage) {
        app = new WorkbenchApp();
        app.start(stage);
    }

    @Stop
    void stop() { app.shutdown(); }

    @Test
    void batchNormLessonQueuesBothRunsThenComparesThemInPresentationMode(FxRobot robot) throws Exception {
        Lessons.Lesson lesson = Lessons.batchNorm().map(Lessons::tiny);
        // wait for the engine (Train is enabled when ND4J is loaded), then click Teach > the lesson
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.designViewModel().trainingAllowedProperty().get());
        javafx.scene.control.MenuBar bar = robot.lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.Menu teach = bar.getMenus().stream().filter(m -> m.getText().equals("Teach")).findFirst()
                .orElseThrow();
        javafx.scene.control.MenuItem item = teach.getItems().stream().filter(i -> i.getText().equals(lesson.title()))
                .findFirst().orElseThrow();
        robot.interact(item::fire);
        WaitForAsyncUtils.waitForFxEvents();
        // the queue lists the newest job first
        List<ExperimentSpec> queued = new java.util.ArrayList<>(app.queue().jobs().stream().map(RunJob::spec).toList());
        java.util.Collections.reverse(queued);
        assertThat(queued).extracting(SpecIO::toJson)
                .containsExactlyElementsOf(lesson.runs().stream().map(SpecIO::toJson).toList());
        assertThat(queued).extracting(s -> s.architecture().layers().get(0).batchNorm()).containsExactly(true, false);

        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> app.compareViewModel().runs().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.compareViewModel().runs()).extracting(r -> r.label().replaceFirst("^#\\d+ ", ""))
                .containsExactly("teach-bn on", "teach-bn off");
        assertThat(app.root().getStyleClass()).contains("presentation");
        assertThat(robot.lookup("#compare-view").query().isVisible()).isTrue();
    }
}
