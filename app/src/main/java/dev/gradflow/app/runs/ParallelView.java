package dev.gradflow.app.runs;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.figures.FigureRenderer;
import dev.gradflow.app.figures.PlotLayout;
import dev.gradflow.app.figures.ScreenStyle;
import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.DaemonThreads;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.ParallelCoordinatesFigure;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.store.RunSummary;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The parallel-coordinates window: the charts module's {@link ParallelCoordinatesFigure} drawn on the render thread;
 * dragging along an axis brushes a value range (a click on an axis clears its brush, a double-click clears all),
 * the runs inside every brush are listed and *Compare selected* opens them in the Compare view. *Export...* writes
 * the figure as PNG, SVG, PDF or CSV through {@link FigureExporter}.
 */
public final class ParallelView extends BorderPane {
    /** Pixels either side of an axis where a press starts a brush. */
    static final double GRAB = 14;
    /** One background thread for exports from any parallel-coordinates window. */
    private static final java.util.concurrent.ExecutorService EXPORTS = DaemonThreads.single("gradflow-parallel-export");

    private final ParallelViewModel vm;
    private final FigurePanel panel = new FigurePanel(FigureRenderer.shared());
    private final Label selection = new Label();
    private volatile ParallelCoordinatesFigure shown;
    private int dragAxis = -1;
    private double dragFrom;

    public ParallelView(ParallelViewModel vm, Consumer<List<RunSummary>> compare) {
        this.vm = vm;
        setId("parallel-view");
        getStyleClass().add("parallel-view");
        panel.setId("parallel-figure");
        panel.setPrefSize(960, 540);
        panel.setMinSize(200, 150);
        selection.setId("parallel-selection");
        selection.getStyleClass().add("hint");
        selection.setMinWidth(0);
        Button cmp = new Button("Compare selected");
        cmp.setId("parallel-compare");
        cmp.getStyleClass().add("accent");
        cmp.setOnAction(e -> {
            List<RunSummary> sel = vm.selected();
            if (!sel.isEmpty()) compare.accept(sel);
        });
        Button clear = new Button("Clear selection");
        clear.setId("parallel-clear");
        clear.setOnAction(e -> vm.clearBrushes());
        Button export = new Button("Export...");
        export.setId("parallel-export");
        export.setOnAction(e -> export());
        for (Region r : List.of(cmp, clear, export)) r.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, selection, gap, clear, export, cmp);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        setCenter(panel);
        setBottom(bar);
        interact();
        vm.versionProperty().addListener((o, a, b) -> redraw());
        redraw();
    }

    /** Opens the window over {@code runs} (the rows the runs table shows). */
    static void open(Node owner, RunsViewModel runsVm, List<RunSummary> runs, Consumer<List<RunSummary>> compare) {
        ParallelView view = new ParallelView(new ParallelViewModel(runs, runsVm::specFields), compare);
        Stage stage = new Stage();
        stage.setTitle("Parallel coordinates: " + runs.size() + (runs.size() == 1 ? " run" : " runs"));
        if (owner.getScene() != null) {
            stage.initOwner(owner.getScene().getWindow());
            view.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(new Scene(view));
        stage.show();
    }

    private void redraw() {
        ParallelCoordinatesFigure f = vm.figure(ScreenStyle.of(false));
        panel.setPainter((g2, area) -> {
            f.draw(g2, area);
            shown = f; // drawn: its layout maps the mouse (a new figure has none until the render thread drew it)
            return PlotLayout.NONE;
        });
        List<RunSummary> sel = vm.selected();
        selection.setText(vm.brushes().isEmpty()
                ? vm.runs().size() + " runs; drag along an axis to select a range"
                : sel.size() + " of " + vm.runs().size() + " runs selected"
                + (sel.isEmpty() ? "" : ": " + String.join(", ", sel.stream().limit(8).map(r -> "#" + r.id()).toList())
                + (sel.size() > 8 ? ", ..." : "")));
    }

    private void interact() {
        panel.setOnMousePressed(e -> {
            ParallelCoordinatesFigure f = shown;
            dragAxis = f == null ? -1 : f.layout().axisNear(e.getX(), GRAB);
            if (dragAxis >= 0) dragFrom = f.valueAt(dragAxis, e.getY());
        });
        panel.setOnMouseDragged(e -> {
            ParallelCoordinatesFigure f = shown;
            if (dragAxis < 0 || f == null) return;
            vm.brush(dragAxis, dragFrom, f.valueAt(dragAxis, clampY(f, e.getY())));
        });
        panel.setOnMouseClicked(e -> {
            if (e.getButton() != MouseButton.PRIMARY) return;
            if (e.getClickCount() == 2) vm.clearBrushes();
            else if (e.isStillSincePress() && dragAxis >= 0) vm.clearBrush(dragAxis);
        });
    }

    private static double clampY(ParallelCoordinatesFigure f, double y) {
        var l = f.layout();
        return Math.max(l.top(), Math.min(l.bottom(), y));
    }

    private void export() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export parallel coordinates");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PNG, SVG, PDF or CSV", "*.png", "*.svg", "*.pdf", "*.csv"));
        fc.setInitialFileName("parallel-coordinates.pdf");
        File file = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) export(file.toPath(), FigureSize.doubleColumn());
    }

    /** Writes the figure (current brushes, light paper style) to {@code file} off the FX thread. */
    public void export(Path file, FigureSize size) {
        FigureStyle style = FigureStyle.paper(size);
        ParallelCoordinatesFigure f = vm.figure(style);
        BackgroundTask.<Path>wrap(t -> FigureExporter.export(f, file))
                .onSuccess(p -> selection.setText("Exported " + p))
                .onFailure(ex -> selection.setText("Cannot export " + file + ": " + ex.getMessage()))
                .executeWith(EXPORTS, Platform::runLater);
    }

    public ParallelViewModel viewModel() { return vm; }

    /** The figure last drawn (its layout maps the mouse to axes and values; brushes only change colours). */
    public ParallelCoordinatesFigure shownFigure() { return shown; }
}
