package dev.gradflow.app.runs;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.figures.FigureRenderer;
import dev.gradflow.app.figures.Painters;
import dev.gradflow.app.figures.ScreenStyle;
import dev.gradflow.charts.figure.CurvesFigure;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.style.FigureStyle;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Live charts of the job being trained: training loss (and test loss at evaluation points) and a per-layer heatmap
 * of ‖∂C/∂W ⊙ M‖₂. A {@link Timeline} drains the job's {@link LiveMetrics} every {@value #REFRESH_MS} ms into the
 * {@link LiveViewModel} (which thins and merges), and the charts module's curves and heatmap figures are drawn on the
 * render thread. So both redraw at most four times a second, and the FX thread only copies arrays.
 */
public final class LiveView extends BorderPane {
    static final int REFRESH_MS = 250;

    private final LiveViewModel vm = new LiveViewModel();
    private final FigurePanel lossPanel = new FigurePanel(FigureRenderer.shared());
    private final FigurePanel heatmap = new FigurePanel(FigureRenderer.shared());
    private final Label title = new Label();
    private final BooleanProperty presentation = new SimpleBooleanProperty(false);
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final Timeline timeline;
    private RunJob job;

    public LiveView() {
        getStyleClass().add("live-view");
        // Drawn like the heatmap, on the render thread: a JFreeChart ChartViewer would lay out and paint the whole
        // chart on the FX thread on every change event (the main FX stall while a run trained).
        lossPanel.setId("live-loss-chart");
        heatmap.setId("live-heatmap");
        GridPane charts = new GridPane();
        charts.setHgap(8);
        ColumnConstraints lossColumn = new ColumnConstraints();
        lossColumn.setPercentWidth(40);
        ColumnConstraints heatmapColumn = new ColumnConstraints();
        heatmapColumn.setPercentWidth(60);
        charts.getColumnConstraints().setAll(lossColumn, heatmapColumn);
        RowConstraints row = new RowConstraints();
        row.setVgrow(Priority.ALWAYS);
        charts.getRowConstraints().setAll(row);
        charts.add(lossPanel, 0, 0);
        charts.add(heatmap, 1, 0);
        lossPanel.setPrefSize(360, 260);
        lossPanel.setMinSize(0, 0);
        heatmap.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        heatmap.setMinSize(0, 0);
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.titleProperty());
        VBox top = new VBox(title);
        top.setPadding(new Insets(6, 0, 6, 0));
        setTop(top);
        setCenter(charts);
        presentation.addListener((o, was, now) -> { redrawHeatmap(); redrawLoss(); });
        dark.addListener((o, was, now) -> { redrawHeatmap(); redrawLoss(); });
        timeline = new Timeline(new KeyFrame(Duration.millis(REFRESH_MS), e -> drain()));
        timeline.setCycleCount(Timeline.INDEFINITE);
        timeline.play();
    }

    /** Shows {@code j} from now on (clearing the charts), or keeps the last one if {@code j} is null. */
    public void show(RunJob j) {
        if (j == null || j == job) return;
        job = j;
        vm.start(j.name());
        lossPanel.setPainter(null);
        heatmap.setPainter(null);
    }

    /** Applies everything collected since the last tick as one batch. */
    void drain() {
        if (job == null) return;
        LiveViewModel.Change change = vm.apply(job.live().drainSteps(), job.live().drainTests());
        if (change == LiveViewModel.Change.NOTHING) return;
        redrawLoss();
        if (change == LiveViewModel.Change.LOSS_AND_HEATMAP) redrawHeatmap();
    }

    private void redrawHeatmap() {
        HeatmapFigure f = vm.heatmapFigure(ScreenStyle.of(presentation.get(), dark.get()));
        if (f != null) heatmap.setPainter(Painters.of(f));
    }

    /** Hands the loss figure (built from copies) to the render thread; the FX thread never lays out the chart. */
    private void redrawLoss() {
        CurvesFigure f = vm.lossFigure(ScreenStyle.of(presentation.get(), dark.get()));
        if (f != null) lossPanel.setPainter(Painters.of(f));
    }

    /** The live heatmap for File > Export, or null when nothing was trained yet. */
    public HeatmapFigure exportFigure(FigureStyle style) { return vm.heatmapFigure(style); }

    public String jobName() { return vm.jobName(); }

    public LiveViewModel viewModel() { return vm; }

    public BooleanProperty presentationProperty() { return presentation; }

    /** Dark figures with the dark theme. */
    public BooleanProperty darkProperty() { return dark; }

    public void stop() { timeline.stop(); }
}
