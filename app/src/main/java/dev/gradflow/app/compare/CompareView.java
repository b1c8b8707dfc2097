package dev.gradflow.app.compare;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.figures.FigureRenderer;
import dev.gradflow.app.figures.Painters;
import dev.gradflow.app.figures.PlotLayout;
import dev.gradflow.app.figures.ScreenStyle;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.figure.DiffHeatmapFigure;
import dev.gradflow.charts.style.FigureStyle;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import org.controlsfx.control.RangeSlider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Compare: one gradient-flow heatmap per selected run on one shared colour scale (one colour bar), loss and test
 * accuracy overlaid, the difference heatmap for two runs. Every panel follows the view model's step range: the
 * mouse wheel zooms around the pointer, dragging pans, double-click resets, the range slider below does both from
 * the keyboard; hovering shows the exact value in the line under the panels.
 */
public final class CompareView extends BorderPane {
    private final CompareViewModel vm;
    private final FigureRenderer renderer = FigureRenderer.shared();
    private final VBox heatmaps = new VBox(4);
    private final List<FigurePanel> heatmapPanels = new ArrayList<>();
    private final List<FigurePanel> turnoverPanels = new ArrayList<>();
    private final List<Label> staticNotes = new ArrayList<>();
    private final FigurePanel colorBar = new FigurePanel(renderer);
    private final FigurePanel turnoverBar = new FigurePanel(renderer);
    private final FigurePanel diffPanel = new FigurePanel(renderer);
    private final FigurePanel lossPanel = new FigurePanel(renderer);
    private final FigurePanel accPanel = new FigurePanel(renderer);
    private final StackPane left = new StackPane();
    private final HBox runsBox = new HBox(4);
    private final BooleanProperty presentation = new SimpleBooleanProperty(false);
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final RangeSlider slider = new RangeSlider(0, 1, 0, 1);
    private boolean dirty;
    private boolean syncing;
    private String accuracySeries = SeriesNames.EVAL_TEST_ACCURACY;

    public CompareView(CompareViewModel vm) {
        this.vm = vm;
        getStyleClass().add("compare-view");
        setId("compare-view");
        setTop(toolbar());
        setCenter(panels());
        setBottom(bottom());
        vm.rows().addListener((ListChangeListener<Object>) c -> { rebuildRows(); redraw(); });
        vm.measureProperty().addListener((o, a, b) -> redraw());
        vm.modeProperty().addListener((o, a, b) -> redraw());
        vm.smoothingProperty().addListener((o, a, b) -> redraw());
        vm.diffKindProperty().addListener((o, a, b) -> redraw());
        vm.robustRangeProperty().addListener((o, a, b) -> redraw());
        vm.rangeLoProperty().addListener((o, a, b) -> redraw());
        vm.rangeHiProperty().addListener((o, a, b) -> redraw());
        presentation.addListener((o, a, b) -> redraw());
        dark.addListener((o, a, b) -> redraw());
        rebuildRows();
        redraw();
    }

    private javafx.scene.layout.FlowPane toolbar() {
        ComboBox<Measure> measure = new ComboBox<>();
        measure.setId("compare-measure");
        measure.getItems().setAll(Measure.values());
        measure.setConverter(new StringConverter<>() {
            @Override public String toString(Measure m) { return m == null ? "" : m.shortLabel() + "  (" + m.id() + ")"; }
            @Override public Measure fromString(String s) { return null; }
        });
        measure.valueProperty().bindBidirectional(vm.measureProperty());
        measure.setMinWidth(Region.USE_PREF_SIZE);
        ToggleGroup modes = new ToggleGroup();
        ToggleButton heat = new ToggleButton("Heatmaps");
        heat.setId("mode-heatmaps");
        ToggleButton diff = new ToggleButton("Difference");
        diff.setId("mode-difference");
        diff.setTooltip(new Tooltip("Needs exactly two runs: the first selected minus the second"));
        ToggleButton turn = new ToggleButton("Turnover");
        turn.setId("mode-turnover");
        turn.setTooltip(new Tooltip("Each run's mask turnover (fraction of active weights replaced per update) under its heatmap; needs a SET or RigL run"));
        heat.setToggleGroup(modes);
        diff.setToggleGroup(modes);
        turn.setToggleGroup(modes);
        diff.disableProperty().bind(vm.diffAvailableProperty().not());
        turn.disableProperty().bind(vm.turnoverAvailableProperty().not());
        heat.setSelected(true);
        modes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) { a.setSelected(true); return; }
            vm.modeProperty().set(b == diff ? CompareViewModel.Mode.DIFFERENCE
                    : b == turn ? CompareViewModel.Mode.TURNOVER : CompareViewModel.Mode.HEATMAPS);
        });
        vm.modeProperty().addListener((o, a, b) -> (switch (b) {
            case DIFFERENCE -> diff;
            case TURNOVER -> turn;
            case HEATMAPS -> heat;
        }).setSelected(true));
        Button connectivity = new Button("Connectivity...");
        connectivity.setId("compare-connectivity");
        connectivity.setTooltip(new Tooltip("First-layer connectivity (active in-degree per input pixel) at init, evaluation points and end"));
        connectivity.disableProperty().bind(Bindings.isEmpty(vm.runs()));
        connectivity.setOnAction(e -> showConnectivity());
        Button zoomIn = new Button("Zoom in");
        zoomIn.setOnAction(e -> vm.zoom(0.5));
        Button zoomOut = new Button("Zoom out");
        zoomOut.setOnAction(e -> vm.zoom(2));
        Button reset = new Button("Reset zoom");
        reset.setId("reset-zoom");
        reset.setOnAction(e -> vm.resetZoom());
        Label status = new Label();
        status.getStyleClass().add("hint");
        status.setId("compare-status");
        status.getStyleClass().add("essential-hide");
        status.textProperty().bind(vm.statusProperty());
        Label ml = new Label("_Measure");
        ml.setMnemonicParsing(true);
        ml.setLabelFor(measure);
        for (Control c : List.of(heat, diff, turn, connectivity, zoomIn, zoomOut, reset)) c.setMinWidth(Region.USE_PREF_SIZE);
        for (Control c : List.of(zoomIn, zoomOut, reset)) c.getStyleClass().add("essential-hide");
        status.setMinWidth(0);
        ml.setMinWidth(Region.USE_PREF_SIZE);
        ComboBox<DiffHeatmapFigure.Kind> kind = new ComboBox<>();
        kind.setId("diff-kind");
        kind.getItems().setAll(DiffHeatmapFigure.Kind.values());
        kind.setConverter(new StringConverter<>() {
            @Override public String toString(DiffHeatmapFigure.Kind k) { return k == DiffHeatmapFigure.Kind.LOG_RATIO ? "log₁₀(a / b)" : "a − b"; }
            @Override public DiffHeatmapFigure.Kind fromString(String s) { return null; }
        });
        kind.valueProperty().bindBidirectional(vm.diffKindProperty());
        kind.setTooltip(new Tooltip("What the difference heatmap shows: a − b, or the log ratio log₁₀(a / b)"));
        CheckBox robust = new CheckBox("Robust range");
        robust.setId("diff-robust");
        robust.selectedProperty().bindBidirectional(vm.robustRangeProperty());
        robust.setTooltip(new Tooltip("Colour range at the 99th percentile of |value|, so one early outlier does not wash out the rest"));
        for (Control c : List.of(kind, robust)) {
            c.visibleProperty().bind(vm.modeProperty().isEqualTo(CompareViewModel.Mode.DIFFERENCE));
            c.managedProperty().bind(c.visibleProperty());
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        Slider smooth = new Slider(0, 0.99, vm.smoothingProperty().get());
        smooth.setId("smoothing");
        smooth.setPrefWidth(110);
        smooth.valueProperty().bindBidirectional(vm.smoothingProperty());
        Label sl = new Label();
        sl.setId("smoothing-label");
        sl.textProperty().bind(Bindings.format(Locale.ROOT, "Smoothing %.2f", vm.smoothingProperty()));
        sl.setMinWidth(Region.USE_PREF_SIZE);
        sl.setLabelFor(smooth);
        Tooltip.install(smooth, new Tooltip("EMA weight of the loss curves (debiased, raw line faint behind); exported figures use the same"));
        vm.groupedProperty().addListener((o, a, b) -> redraw());
        // a flow pane: on a narrow window (presentation mode at 1280x720) the controls wrap to a second line instead of
        // widening the whole window past its edges
        FlowPane bar = new FlowPane(8, 6, ml, measure, heat, diff, turn, kind,
                robust, sl, smooth, connectivity, zoomIn, zoomOut, reset, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        return bar;
    }

    private GridPane panels() {
        colorBar.setMinWidth(100);
        colorBar.setPrefWidth(110);
        colorBar.setMaxWidth(120);
        colorBar.setMaxHeight(Double.MAX_VALUE);
        HBox.setHgrow(heatmaps, Priority.ALWAYS);
        heatmaps.setMaxWidth(Double.MAX_VALUE);
        turnoverBar.setMinWidth(100);
        turnoverBar.setPrefWidth(110);
        turnoverBar.setMaxWidth(120);
        turnoverBar.setMaxHeight(Double.MAX_VALUE);
        turnoverBar.setId("compare-turnover-colorbar");
        VBox bars = new VBox(4, colorBar, turnoverBar);
        VBox.setVgrow(colorBar, Priority.ALWAYS);
        VBox.setVgrow(turnoverBar, Priority.ALWAYS);
        turnoverBar.managedProperty().bind(turnoverBar.visibleProperty());
        runsBox.getChildren().addAll(heatmaps, bars);
        left.getChildren().addAll(runsBox, diffPanel);
        diffPanel.setId("compare-diff");
        colorBar.setId("compare-colorbar");
        lossPanel.setId("compare-loss");
        accPanel.setId("compare-accuracy");
        VBox curves = new VBox(6, lossPanel, accPanel);
        VBox.setVgrow(lossPanel, Priority.ALWAYS);
        VBox.setVgrow(accPanel, Priority.ALWAYS);
        GridPane grid = new GridPane();
        grid.setHgap(4);
        grid.setPadding(new Insets(0, 8, 0, 8));
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setPercentWidth(64);
        ColumnConstraints c2 = new ColumnConstraints();
        c2.setPercentWidth(36);
        grid.getColumnConstraints().setAll(c0, c2);
        RowConstraints r0 = new RowConstraints();
        r0.setVgrow(Priority.ALWAYS);
        grid.getRowConstraints().setAll(r0);
        grid.add(left, 0, 0);
        grid.add(curves, 1, 0);
        for (Region r : List.of(left, curves)) {
            r.setMinSize(0, 0);
            r.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        }
        interact(diffPanel, (x, y) -> vm.describeDifference(x, y));
        interact(lossPanel, (x, y) -> vm.describeCurves(SeriesNames.LOSS, x));
        interact(accPanel, (x, y) -> vm.describeCurves(accuracySeries, x));
        return grid;
    }

    private VBox bottom() {
        slider.setId("step-range");
        slider.setShowTickLabels(true);
        slider.setShowTickMarks(true);
        slider.minProperty().bind(vm.fullLoProperty());
        slider.maxProperty().bind(vm.fullHiProperty());
        slider.lowValueProperty().addListener((o, a, b) -> fromSlider());
        slider.highValueProperty().addListener((o, a, b) -> fromSlider());
        vm.rangeLoProperty().addListener((o, a, b) -> toSlider());
        vm.rangeHiProperty().addListener((o, a, b) -> toSlider());
        vm.fullHiProperty().addListener((o, a, b) -> toSlider());
        Label hover = new Label();
        hover.setId("compare-hover");
        hover.getStyleClass().add("hover-value");
        hover.textProperty().bind(vm.hoverProperty());
        Label sl = new Label("Steps");
        // under the panels, not in the full toolbar (which would then be wider than a 1400 px window)
        CheckBox seeds = new CheckBox("Mean over seeds");
        seeds.setId("compare-grouped");
        seeds.selectedProperty().bindBidirectional(vm.groupedProperty());
        seeds.setTooltip(new Tooltip("Runs whose specs are equal except for the seed and the name: one heatmap of the mean per cell,"
                + " curves as the mean with a 95 % t-interval band; the legend gives the number of seeds (n)"));
        seeds.setMinWidth(Region.USE_PREF_SIZE);
        HBox range = new HBox(8, seeds, sl, slider);
        HBox.setHgrow(slider, Priority.ALWAYS);
        range.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, range, hover);
        box.setPadding(new Insets(6, 8, 8, 8));
        return box;
    }

    private void toSlider() {
        syncing = true;
        try {
            double lo = vm.rangeLoProperty().get(), hi = vm.rangeHiProperty().get();
            if (lo > slider.getHighValue()) { slider.setHighValue(hi); slider.setLowValue(lo); }
            else { slider.setLowValue(lo); slider.setHighValue(hi); }
        } finally {
            syncing = false;
        }
    }

    private void fromSlider() {
        if (syncing) return;
        vm.setRange(slider.getLowValue(), slider.getHighValue());
    }

    /** Hover, wheel zoom, drag pan and double-click reset on a panel. */
    private void interact(FigurePanel p, BiFunction<Double, Double, String> describe) {
        double[] lastX = {Double.NaN};
        p.setOnMouseMoved(e -> {
            PlotLayout l = p.plotLayout();
            vm.setHover(l.contains(e.getX(), e.getY()) ? describe.apply(l.x(e.getX()), l.y(e.getY())) : "");
        });
        p.setOnMouseExited(e -> vm.setHover(""));
        p.setOnScroll(e -> {
            PlotLayout l = p.plotLayout();
            if (l.dataArea().getWidth() <= 0 || e.getDeltaY() == 0) return;
            vm.zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, l.x(e.getX()));
            e.consume();
        });
        p.setOnMousePressed(e -> lastX[0] = e.getX());
        p.setOnMouseDragged((MouseEvent e) -> {
            PlotLayout l = p.plotLayout();
            if (Double.isNaN(lastX[0]) || l.xPerPixel() == 0) return;
            vm.pan(-(e.getX() - lastX[0]) * l.xPerPixel());
            lastX[0] = e.getX();
        });
        p.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) vm.resetZoom();
        });
    }

    private void rebuildRows() {
        heatmapPanels.clear();
        turnoverPanels.clear();
        staticNotes.clear();
        heatmaps.getChildren().clear();
        for (int i = 0; i < vm.rows().size(); i++) {
            FigurePanel p = new FigurePanel(renderer);
            p.setId("compare-heatmap-" + i);
            p.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
            VBox.setVgrow(p, Priority.ALWAYS);
            int idx = i;
            interact(p, (x, y) -> vm.describeHeatmap(idx, x, y));
            heatmapPanels.add(p);
            heatmaps.getChildren().add(p);
            FigurePanel t = new FigurePanel(renderer);
            t.setId("compare-turnover-" + i);
            t.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
            VBox.setVgrow(t, Priority.ALWAYS);
            interact(t, (x, y) -> vm.describeTurnover(idx, x, y));
            Label note = new Label(vm.rows().get(i).label() + ": " + CompareViewModel.STATIC_MASK_NOTE);
            note.setId("compare-static-note-" + i);
            note.getStyleClass().add("hint");
            for (Region r : List.of(t, note)) {
                r.setVisible(false);
                r.managedProperty().bind(r.visibleProperty());
            }
            turnoverPanels.add(t);
            staticNotes.add(note);
            heatmaps.getChildren().addAll(t, note);
        }
        if (vm.runs().isEmpty()) {
            Label none = new Label("Select runs in the Runs view (Ctrl+2) and press Compare selected (Ctrl+K).");
            none.setWrapText(true);
            none.getStyleClass().add("hint");
            heatmaps.getChildren().add(none);
        }
    }

    /** Redraws once per pulse however many properties changed. */
    private void redraw() {
        if (dirty) return;
        dirty = true;
        Platform.runLater(this::draw);
    }

    private void draw() {
        dirty = false;
        boolean none = vm.runs().isEmpty();
        boolean diff = !none && vm.modeProperty().get() == CompareViewModel.Mode.DIFFERENCE && vm.isDiffAvailable();
        boolean turnover = !none && vm.modeProperty().get() == CompareViewModel.Mode.TURNOVER && vm.isTurnoverAvailable();
        runsBox.setVisible(!diff);
        diffPanel.setVisible(diff);
        colorBar.setVisible(!none);
        turnoverBar.setVisible(turnover);
        for (int i = 0; i < turnoverPanels.size(); i++) {
            boolean has = vm.turnover(i).isPresent();
            turnoverPanels.get(i).setVisible(turnover && has);
            staticNotes.get(i).setVisible(turnover && !has);
            if (!(turnover && has)) turnoverPanels.get(i).setPainter(null);
        }
        if (none) {
            for (FigurePanel p : List.of(diffPanel, colorBar, turnoverBar, lossPanel, accPanel)) p.setPainter(null);
            return;
        }
        FigureStyle style = ScreenStyle.of(presentation.get(), dark.get());
        Measure m = vm.measureProperty().get();
        if (diff) {
            diffPanel.setPainter(Painters.of(vm.difference(style)));
        } else {
            ColorScale shared = vm.sharedScale(style);
            for (int i = 0; i < heatmapPanels.size(); i++) {
                heatmapPanels.get(i).setPainter(vm.heatmapPainter(i, style, shared, i == heatmapPanels.size() - 1));
            }
            colorBar.setPainter(Painters.colorBar(shared, m.shortLabel() + ", log scale", style));
            if (turnover) {
                ColorScale ts = vm.turnoverScale(style);
                int lastWithTurnover = -1;
                for (int i = 0; i < turnoverPanels.size(); i++) if (vm.turnover(i).isPresent()) lastWithTurnover = i;
                for (int i = 0; i < turnoverPanels.size(); i++) {
                    if (vm.turnover(i).isEmpty()) continue;
                    turnoverPanels.get(i).setPainter(Painters.of(vm.turnoverHeatmap(i, style, ts, i == lastWithTurnover)));
                }
                turnoverBar.setPainter(Painters.colorBar(ts, "mask turnover (fraction replaced)", style));
            } else {
                turnoverBar.setPainter(null);
            }
        }
        accuracySeries = vm.accuracySeries();
        if (vm.groupedProperty().get()) {
            lossPanel.setPainter(Painters.of(vm.bandCurves(SeriesNames.LOSS, style).title(String.format(Locale.ROOT,
                    "Training loss (EMA %.2f), mean and 95 %% band over seeds", vm.smoothingProperty().get()))));
            accPanel.setPainter(Painters.of(vm.bandCurves(accuracySeries, style).title("Test accuracy, mean and 95 % band")));
            return;
        }
        lossPanel.setPainter(Painters.of(vm.curves(SeriesNames.LOSS, style)
                .title(String.format(Locale.ROOT, "Training loss (EMA %.2f)", vm.smoothingProperty().get()))));
        accPanel.setPainter(Painters.of(vm.curves(accuracySeries, style).title("Test accuracy")));
    }

    /** Opens a window with the first-layer connectivity of a chosen shown run (loaded in the background). */
    private void showConnectivity() {
        if (vm.runs().isEmpty()) return;
        ComboBox<String> which = new ComboBox<>();
        which.setId("connectivity-run");
        for (var r : vm.runs()) which.getItems().add(r.label());
        FigurePanel panel = new FigurePanel(renderer);
        panel.setId("compare-connectivity-figure");
        panel.setPrefSize(820, 560);
        Label note = new Label();
        note.getStyleClass().add("hint");
        note.textProperty().bind(vm.statusProperty());
        Runnable load = () -> {
            panel.setPainter(null);
            int i = which.getSelectionModel().getSelectedIndex();
            vm.loadConnectivity(i, ScreenStyle.of(presentation.get(), dark.get()), fig -> panel.setPainter((g2, area) -> {
                fig.draw(g2, area);
                return PlotLayout.NONE;
            }));
        };
        HBox top = new HBox(8, new Label("Run"), which, note);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8));
        BorderPane root = new BorderPane(panel, top, null, null, null);
        Stage stage = new Stage();
        stage.setTitle("First-layer connectivity");
        if (getScene() != null) {
            stage.initOwner(getScene().getWindow());
            root.getStylesheets().setAll(getScene().getStylesheets());
        }
        stage.setScene(new Scene(root));
        which.getSelectionModel().select(0);
        which.setOnAction(e -> load.run());
        load.run();
        stage.show();
    }

    /** Dark figures in presentation mode. */
    public BooleanProperty presentationProperty() { return presentation; }

    /** Dark figures with the dark theme. */
    public BooleanProperty darkProperty() { return dark; }
}
