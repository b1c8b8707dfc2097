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
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import dev.gradflow.app.figures.PlotLayout;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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
    private final Label zoomHint = new Label("wheel or drag: zoom · hover: values");
    private final Tooltip hover = new Tooltip();
    private final BooleanProperty presentation = new SimpleBooleanProperty(false);
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final Timeline timeline;
    private RunJob job;

    public LiveView() {
        getStyleClass().add("live-view");
        getStylesheets().add(LiveView.class.getResource("runs.css").toExternalForm());
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
        charts.add(interactive(lossPanel, (x, y) -> vm.describeLoss(x)), 0, 0);
        charts.add(interactive(heatmap, vm::describeHeatmap), 1, 0);
        lossPanel.setPrefSize(360, 260);
        lossPanel.setMinSize(0, 0);
        heatmap.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        heatmap.setMinSize(0, 0);
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.titleProperty());
        zoomHint.getStyleClass().add("hint");
        zoomHint.setId("live-zoom-hint");
        hover.getStyleClass().add("live-tooltip");
        hover.setId("live-tooltip");
        // presentation mode (1280x720, large type): the title wraps instead of being cut short, and the mouse hint,
        // of no use on a projector, makes room
        title.wrapTextProperty().bind(presentation);
        title.minWidthProperty().bind(Bindings.when(presentation).then(0.0).otherwise(Region.USE_COMPUTED_SIZE));
        zoomHint.visibleProperty().bind(presentation.not());
        zoomHint.managedProperty().bind(presentation.not());
        HBox titleRow = new HBox(12, title, zoomHint);
        titleRow.setAlignment(Pos.BASELINE_LEFT);
        VBox top = new VBox(titleRow);
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

    /**
     * Hover tooltip (step and value under the pointer), wheel zoom around the pointer, drag to zoom to the dragged
     * steps (a band shows the range while dragging), double-click to show the whole run again. Both charts share
     * the zoomed step range; while zoomed it stays put as the run grows.
     */
    private StackPane interactive(FigurePanel p, java.util.function.BiFunction<Double, Double, String> describe) {
        Rectangle band = new Rectangle();
        band.getStyleClass().add("live-zoom-band");
        band.setManaged(false);
        band.setMouseTransparent(true);
        band.setVisible(false);
        StackPane box = new StackPane(p, band);
        box.setMinSize(0, 0);
        double[] from = {Double.NaN};
        p.setOnMouseMoved(e -> {
            PlotLayout l = p.plotLayout();
            String text = l.contains(e.getX(), e.getY()) ? describe.apply(l.x(e.getX()), l.y(e.getY())) : "";
            if (text.isEmpty()) { hover.hide(); return; }
            hover.setText(text);
            if (hover.isShowing()) {
                hover.setAnchorX(e.getScreenX() + 14);
                hover.setAnchorY(e.getScreenY() + 14);
            } else {
                hover.show(p, e.getScreenX() + 14, e.getScreenY() + 14);
            }
        });
        p.setOnMouseExited(e -> hover.hide());
        p.setOnScroll(e -> {
            PlotLayout l = p.plotLayout();
            if (l.dataArea().getWidth() <= 0 || e.getDeltaY() == 0) return;
            vm.zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, l.x(e.getX()));
            redraw();
            e.consume();
        });
        p.setOnMousePressed(e -> {
            PlotLayout l = p.plotLayout();
            from[0] = l.contains(e.getX(), e.getY()) && e.getButton() == MouseButton.PRIMARY ? e.getX() : Double.NaN;
        });
        p.setOnMouseDragged(e -> {
            if (Double.isNaN(from[0])) return;
            hover.hide();
            var a = p.plotLayout().dataArea();
            double x0 = Math.max(a.getMinX(), Math.min(from[0], e.getX())), x1 = Math.min(a.getMaxX(), Math.max(from[0], e.getX()));
            band.setX(x0);
            band.setY(a.getMinY());
            band.setWidth(Math.max(0, x1 - x0));
            band.setHeight(a.getHeight());
            band.relocate(x0, a.getMinY());
            band.setVisible(true);
        });
        p.setOnMouseReleased(e -> {
            band.setVisible(false);
            if (Double.isNaN(from[0])) return;
            PlotLayout l = p.plotLayout();
            if (Math.abs(e.getX() - from[0]) >= 5) {
                vm.setRange(l.x(from[0]), l.x(e.getX()));
                redraw();
            }
            from[0] = Double.NaN;
        });
        p.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                vm.resetZoom();
                redraw();
            }
        });
        return box;
    }

    /** Redraws both charts now (after a zoom, or after feeding the view model directly). */
    public void redraw() {
        double[] v = vm.visibleRange();
        zoomHint.setText(vm.isZoomed() && v != null
                ? String.format(java.util.Locale.ROOT, "steps %.0f – %.0f (double-click: whole run)", v[0], v[1])
                : "wheel or drag: zoom · hover: values");
        redrawLoss();
        redrawHeatmap();
    }

    /** The hover tooltip (tests read its text). */
    public Tooltip hoverTooltip() { return hover; }

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
