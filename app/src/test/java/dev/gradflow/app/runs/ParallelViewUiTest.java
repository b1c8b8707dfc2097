package dev.gradflow.app.runs;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.charts.figure.ParallelCoordinatesFigure;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.RunSummary;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Parallel coordinates: axes from the varying spec fields and results; dragging on an axis selects; Compare opens them. */
@ExtendWith(ApplicationExtension.class)
class ParallelViewUiTest {
    static final double[] DENSITY = {0.1, 0.5, 1.0, 0.3};
    static final String[] OPT = {"adam", "sgd", "adam", "sgd"};
    static final List<RunSummary> RUNS = new ArrayList<>();
    static final Map<Long, Map<String, Object>> SPECS = new LinkedHashMap<>();

    static {
        for (int i = 0; i < 4; i++) {
            RUNS.add(new RunSummary(i + 1, "run" + i, RunStatus.FINISHED, "spirals", OPT[i], "relu", DENSITY[i], 1, "",
                    Instant.EPOCH, Instant.EPOCH, 100, 0.8 + 0.03 * i, 0.5 - 0.02 * i, 0.001 * (i + 1), ""));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", "run" + i);
            m.put("seed", 1.0);
            m.put("sparsity.density", DENSITY[i]);
            m.put("optimizer.type", OPT[i]);
            m.put("training.epochs", 2.0);
            SPECS.put(i + 1L, m);
        }
    }

    private ParallelView view;
    private final List<RunSummary> compared = new ArrayList<>();

    @Start
    void start(Stage stage) {
        view = new ParallelView(new ParallelViewModel(RUNS, r -> SPECS.get(r.id())), compared::addAll);
        stage.setScene(new Scene(view, 960, 560));
        stage.show();
    }

    @Test
    void exportWritesTheBrushedFigureAsCsvAndSvg(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        robot.interact(() -> view.viewModel().brush(0, 0.4, 1.0));
        java.nio.file.Path csv = dir.resolve("pc.csv"), svg = dir.resolve("pc.svg");
        view.export(csv, dev.gradflow.charts.style.FigureSize.singleColumn());
        view.export(svg, dev.gradflow.charts.style.FigureSize.singleColumn());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> java.nio.file.Files.exists(svg) && java.nio.file.Files.exists(csv)
                && java.nio.file.Files.exists(dev.gradflow.charts.export.FigureExporter.provenancePath(svg)));
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("run,sparsity.density,optimizer.type,test accuracy,test loss,mean EGF₂,selected");
        assertThat(lines).filteredOn(l -> l.endsWith(",true")).hasSize(2); // density 0.5 and 1.0
        assertThat(java.nio.file.Files.readString(svg)).contains("<svg").contains("test accuracy");
    }

    @Test
    void axesAreTheVaryingSpecFieldsThenTheResults() {
        assertThat(view.viewModel().axes()).extracting(ParallelCoordinatesFigure.Axis::name)
                .containsExactly("sparsity.density", "optimizer.type", "test accuracy", "test loss", "mean EGF₂");
        assertThat(view.viewModel().axes().get(1).categories()).containsExactly("adam", "sgd");
        assertThat(view.viewModel().axes().get(2).values()[3]).isEqualTo(0.89, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void draggingOnAnAxisSelectsExactlyTheRunsInTheRangeAndCompareOpensThem(FxRobot robot) throws Exception {
        FigurePanel panel = (FigurePanel) view.lookup("#parallel-figure");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> panel.renderedProperty().get() != null
                && view.shownFigure() != null && view.shownFigure().layout().axisX().length == 5);
        ParallelCoordinatesFigure.Layout l = view.shownFigure().layout();
        // expected pixel rows, computed here: density runs linearly from 0.1 (bottom) to 1.0 (top)
        double yFrom = l.bottom() - (0.25 - 0.1) / (1.0 - 0.1) * (l.bottom() - l.top());
        double yTo = l.bottom() - (0.6 - 0.1) / (1.0 - 0.1) * (l.bottom() - l.top());
        robot.drag(panel.localToScreen(l.axisX()[0], yFrom), MouseButton.PRIMARY)
                .moveTo(panel.localToScreen(l.axisX()[0], (yFrom + yTo) / 2))
                .moveTo(panel.localToScreen(l.axisX()[0], yTo)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double[] b = view.viewModel().brushes().get(0);
        assertThat(b[0]).isBetween(0.24, 0.26);
        assertThat(b[1]).isBetween(0.59, 0.61);
        assertThat(view.viewModel().selected()).extracting(RunSummary::name).containsExactly("run1", "run3");
        assertThat(robot.lookup("#parallel-selection").queryAs(Label.class).getText()).startsWith("2 of 4 runs selected");

        robot.clickOn("#parallel-compare");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(compared).extracting(RunSummary::name).containsExactly("run1", "run3");

        robot.clickOn("#parallel-clear");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.viewModel().selected()).hasSize(4);
    }
}
