package dev.gradflow.app.compare;

import dev.gradflow.model.metrics.EvalPoint;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.List;

/** Selected runs overlaid: the chosen gradient-flow measure, test loss and test accuracy at evaluation points. */
public final class CompareView extends BorderPane {
    private final CompareViewModel vm;
    private final ChartViewer measureViewer = new ChartViewer();
    private final ChartViewer lossViewer = new ChartViewer();
    private final ChartViewer accViewer = new ChartViewer();
    private JFreeChart current;

    public CompareView(CompareViewModel vm) {
        this.vm = vm;
        getStyleClass().add("compare-view");
        setId("compare-view");
        ComboBox<CompareViewModel.Measure> measure = new ComboBox<>();
        measure.setId("measure");
        measure.getItems().setAll(CompareViewModel.Measure.values());
        measure.valueProperty().bindBidirectional(vm.measureProperty());
        Label status = new Label();
        status.getStyleClass().add("hint");
        status.textProperty().bind(vm.statusProperty());
        HBox bar = new HBox(8, new Label("Measure"), measure, status);
        bar.setPadding(new Insets(8));
        setTop(bar);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(8));
        grid.add(measureViewer, 0, 0, 2, 1);
        grid.add(lossViewer, 0, 1);
        grid.add(accViewer, 1, 1);
        for (ChartViewer v : List.of(measureViewer, lossViewer, accViewer)) {
            GridPane.setHgrow(v, Priority.ALWAYS);
            GridPane.setVgrow(v, Priority.ALWAYS);
            v.setPrefSize(400, 260);
        }
        setCenter(grid);
        vm.loaded().addListener((ListChangeListener<CompareViewModel.Loaded>) c -> redraw());
        vm.measureProperty().addListener((o, a, b) -> redraw());
        redraw();
    }

    private void redraw() {
        CompareViewModel.Measure m = vm.measureProperty().get();
        current = chart(m.label() + " at evaluation points", m.label(), p -> m.of(p));
        measureViewer.setChart(current);
        lossViewer.setChart(chart("Test loss", "test loss", EvalPoint::testLoss));
        accViewer.setChart(chart("Test accuracy", "test accuracy", EvalPoint::testAccuracy));
    }

    private JFreeChart chart(String title, String y, java.util.function.ToDoubleFunction<EvalPoint> f) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (CompareViewModel.Loaded l : vm.loaded()) {
            XYSeries s = new XYSeries(l.label(), false, true);
            for (EvalPoint p : l.points()) {
                double v = f.applyAsDouble(p);
                if (Double.isFinite(v)) s.add(p.step(), v, false);
            }
            data.addSeries(s);
        }
        return ChartFactory.createXYLineChart(title, "step", y, data, PlotOrientation.VERTICAL, true, true, false);
    }

    /** The figure that File > Export figure writes. */
    public JFreeChart currentChart() { return current; }
}
