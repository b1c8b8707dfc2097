package dev.gradflow.app;

import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.RunSummary;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import dev.gradflow.app.figures.FigurePanel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the real window headless (Monocle): preset, Train, live run, runs table. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchUiTest {
    private static final Path STORE;

    static {
        try {
            STORE = Files.createTempDirectory("gradflow-ui").resolve("runs.db");
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

    private void waitUntilEngineReady(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS,
                () -> robot.lookup("#engine-status").queryAs(Label.class).getText().startsWith("Engine ready"));
    }

    @Test
    void tinyPresetTrainsFromTheTrainButtonAndAppearsInTheRunsTable(FxRobot robot) throws Exception {
        robot.clickOn("Presets").clickOn("Tiny spirals (trains in seconds)");
        assertThat(robot.lookup("#spec-name").queryAs(TextField.class).getText()).isEqualTo("tiny-spirals");
        waitUntilEngineReady(robot);
        Button train = robot.lookup("#train-button").queryButton();
        assertThat(train.isDisabled()).isFalse();
        robot.clickOn(train);

        TableView<RunSummary> runs = robot.lookup("#runs-table").queryTableView();
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> runs.getItems().stream()
                    .anyMatch(r -> r.name().equals("tiny-spirals") && r.status() == RunStatus.FINISHED));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("run not finished; runs table: " + runs.getItems() + "; jobs: "
                    + app.queue().jobs().stream().map(j -> j.name() + " " + j.state() + " " + j.messageProperty().get()).toList()
                    + "; last notification: " + app.lastNotification(), e);
        }
        RunSummary run = runs.getItems().stream().filter(r -> r.name().equals("tiny-spirals")).findFirst().orElseThrow();
        assertThat(run.finalTestAccuracy()).isNotNull();
        assertThat(run.meanEgf2()).isNotNull();
        assertThat(app.lastNotification()).startsWith("Run finished");
        assertThat(robot.lookup("#runs-view").tryQuery()).isPresent();
    }

    @Test
    void twoTrainedRunsAreComparedAndExportedAsPdfWithProvenance(FxRobot robot) throws Exception {
        waitUntilEngineReady(robot);
        robot.interact(() -> {
            app.designViewModel().load(dev.gradflow.app.design.Presets.tinySpirals().withName("cmp-a"));
            app.designViewModel().epochsProperty().set("2");
        });
        robot.clickOn("#spec-name").press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        robot.interact(() -> {
            app.designViewModel().load(dev.gradflow.app.design.Presets.tinySpirals().withName("cmp-b"));
            app.designViewModel().epochsProperty().set("2");
            app.designViewModel().densityProperty().set(1.0);
            app.designViewModel().train();
        });
        TableView<RunSummary> runs = robot.lookup("#runs-table").queryTableView();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> runs.getItems().stream()
                .filter(r -> r.name().startsWith("cmp-") && r.status() == RunStatus.FINISHED).count() == 2);

        robot.interact(() -> {
            runs.getSelectionModel().clearSelection();
            for (int i = 0; i < runs.getItems().size(); i++) {
                if (runs.getItems().get(i).name().startsWith("cmp-")) runs.getSelectionModel().select(i);
            }
        });
        robot.interact(runs::requestFocus);
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.compareViewModel().runs().size() == 2
                && robot.lookup("#compare-heatmap-1").tryQuery().isPresent()
                && ((FigurePanel) robot.lookup("#compare-heatmap-1").query()).renderedProperty().get() != null);
        assertThat(app.compareViewModel().isDiffAvailable()).isTrue();
        assertThat(robot.lookup("#mode-difference").queryAs(ToggleButton.class).isDisabled()).isFalse();

        Path pdf = Files.createTempDirectory("gradflow-export").resolve("compare.pdf");
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-path").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#export-path").queryAs(TextField.class).setText(pdf.toString()));
        robot.clickOn("#export-ok");
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> pdf.equals(app.lastExport()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no export; status: " + app.exportViewModel().statusProperty().get()
                    + "; dialog open: " + robot.lookup("#export-ok").tryQuery().isPresent(), e);
        }

        byte[] head = Arrays.copyOf(Files.readAllBytes(pdf), 4);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("%PDF");
        String side = Files.readString(pdf.resolveSibling("compare.pdf.provenance.json"));
        assertThat(side).contains("cmp-a").contains("cmp-b").contains("\"panels\"");
    }

    @Test
    void invalidFieldDisablesTrainAndExplainsWhy(FxRobot robot) throws Exception {
        waitUntilEngineReady(robot);
        robot.doubleClickOn("#learning-rate").eraseText(12).write("abc");
        WaitForAsyncUtils.waitForFxEvents();
        Button train = robot.lookup("#train-button").queryButton();
        assertThat(train.isDisabled()).isTrue();
        assertThat(robot.lookup("#train-hint").queryAs(Label.class).getText()).contains("learning rate");
        assertThat(robot.lookup("#learning-rate").query().getStyleClass()).contains("invalid");
        robot.interact(() -> app.designViewModel().learningRateProperty().set("0.01"));
        assertThat(train.isDisabled()).isFalse();
        assertThat(robot.lookup("#learning-rate").query().getStyleClass()).doesNotContain("invalid");
    }

    @Test
    void presentationModeAddsTheStyleClassToTheRoot(FxRobot robot) {
        robot.interact(() -> app.setPresentationMode(true));
        assertThat(app.root().getStyleClass()).contains("presentation");
        robot.interact(() -> app.setPresentationMode(false));
        assertThat(app.root().getStyleClass()).doesNotContain("presentation");
    }
}
