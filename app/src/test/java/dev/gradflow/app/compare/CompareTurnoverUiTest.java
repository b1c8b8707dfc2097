package dev.gradflow.app.compare;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Compare view headless: a static and a dynamic run, switched to Turnover mode, then the connectivity window. */
@ExtendWith(ApplicationExtension.class)
class CompareTurnoverUiTest {
    private RunStore store;
    private CompareViewModel vm;

    @Start
    void start(Stage stage) throws IOException {
        store = RunStore.open(Files.createTempDirectory("gradflow-turnover-ui").resolve("runs.db"));
        long a = DynamicRunsFixture.addRun(store, "static", false);
        long b = DynamicRunsFixture.addRun(store, "set", true);
        List<RunSummary> runs = List.of(store.run(a).orElseThrow(), store.run(b).orElseThrow());
        vm = new CompareViewModel(CompareViewModel.storeLoader(() -> store), new CurrentThreadTaskExecutor());
        stage.setScene(new Scene(new CompareView(vm), 1200, 700));
        stage.show();
        vm.compare(runs);
    }

    @Stop
    void stop() {
        store.close();
    }

    private static boolean rendered(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(n -> ((FigurePanel) n).renderedProperty().get() != null).orElse(false);
    }

    @Test
    void turnoverModeShowsTheDynamicRunsTurnoverAndANoteForTheStaticRun(FxRobot robot) throws Exception {
        ToggleButton turnover = robot.lookup("#mode-turnover").queryAs(ToggleButton.class);
        assertThat(turnover.isDisabled()).isFalse();
        assertThat(robot.lookup("#compare-turnover-1").query().isVisible()).isFalse();
        robot.clickOn(turnover);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rendered(robot, "#compare-turnover-1"));
        assertThat(vm.modeProperty().get()).isEqualTo(CompareViewModel.Mode.TURNOVER);
        assertThat(robot.lookup("#compare-turnover-1").query().isVisible()).isTrue();
        assertThat(robot.lookup("#compare-turnover-0").query().isVisible()).isFalse();
        Label note = robot.lookup("#compare-static-note-0").queryAs(Label.class);
        assertThat(note.isVisible()).isTrue();
        assertThat(note.getText()).endsWith(CompareViewModel.STATIC_MASK_NOTE);
        assertThat(robot.lookup("#compare-static-note-1").query().isVisible()).isFalse();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rendered(robot, "#compare-turnover-colorbar"));

        robot.clickOn("#mode-heatmaps");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#compare-turnover-1").query().isVisible()).isFalse();
        assertThat(robot.lookup("#compare-static-note-0").query().isVisible()).isFalse();
    }

    @Test
    void connectivityButtonOpensTheFirstLayerFigure(FxRobot robot) throws Exception {
        robot.clickOn("#compare-connectivity");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rendered(robot, "#compare-connectivity-figure"));
        assertThat(vm.statusProperty().get()).startsWith("Connectivity of");
    }
}
