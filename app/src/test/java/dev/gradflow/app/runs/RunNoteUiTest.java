package dev.gradflow.app.runs;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.app.task.Notifier;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Note... dialog stores a multi-line note in the run store and the Note column shows its first line. */
@ExtendWith(ApplicationExtension.class)
class RunNoteUiTest {
    private Path dir;
    private RunStore store;
    private RunsView view;
    private long second;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("gradflow-note-ui");
        store = RunStore.open(dir.resolve("runs.db"));
        for (String n : List.of("first-run", "second-run")) {
            long id = store.createRun(new NewRun(n, "{}", "h", "spirals", "adam", "relu", 0.5, 1L, Map.of(), List.of()));
            store.finish(id, RunStatus.FINISHED, "");
            second = id;
        }
        store.setTags(second, "paper");
        RunsViewModel vm = new RunsViewModel(() -> store, new CurrentThreadTaskExecutor(), new SavedViews(dir.resolve("views")));
        TrainingQueue queue = new TrainingQueue((spec, obs, cancelled) -> null, Runnable::run, new CurrentThreadTaskExecutor(),
                Notifier.NONE);
        view = new RunsView(vm, queue, runs -> { });
        stage.setScene(new Scene(view, 1400, 800));
        stage.show();
        vm.refresh();
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private Optional<TableCell<?, ?>> cell(FxRobot robot, String column, long runId) {
        for (Node n : robot.lookup(".table-cell").queryAll()) {
            if (n instanceof TableCell<?, ?> c && c.getTableColumn() != null && column.equals(c.getTableColumn().getId())
                    && c.getTableRow() != null && c.getTableRow().getItem() instanceof RunSummary r && r.id() == runId) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Test
    void theNoteDialogStoresANoteThatTheTableShows(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> cell(robot, "name", second).isPresent());
        robot.clickOn(cell(robot, "name", second).orElseThrow());
        robot.clickOn("#note-run");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#note-text").tryQuery().isPresent());
        robot.clickOn("#note-text").write("lr 0.1 diverged").type(KeyCode.ENTER).write("rerun with 0.01");
        assertThat(robot.lookup("#note-text").queryAs(TextArea.class).getText()).isEqualTo("lr 0.1 diverged\nrerun with 0.01");
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        robot.clickOn((Button) pane.lookupButton(javafx.scene.control.ButtonType.OK));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(store.annotation(second).note()).isEqualTo("lr 0.1 diverged\nrerun with 0.01");
        assertThat(store.annotation(second).tags()).containsExactly("paper"); // the note kept the tags
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> cell(robot, "note", second)
                .map(c -> "lr 0.1 diverged".equals(c.getText())).orElse(false));
        TableCell<?, ?> note = cell(robot, "note", second).orElseThrow();
        assertThat(note.getTooltip().getText()).isEqualTo("lr 0.1 diverged\nrerun with 0.01");
        assertThat(cell(robot, "tags", second).orElseThrow().getText()).isEqualTo("paper");

        robot.clickOn("#runs-filter").write("note ~ rerun");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.runsTable().getItems()).extracting(RunSummary::id).containsExactly(second);
    }
}
