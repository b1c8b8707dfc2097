package dev.gradflow.app.runs;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live charts of the job being trained: training loss (and test loss at evaluation points), and per-layer
 * effective gradient flow ||g (.) M||_2 on a log axis. Metrics are drained from the job's {@link LiveMetrics} by a
 * {@link Timeline} every {@value #REFRESH_MS} ms and added with {@code notify = false}, then each series fires one
 * change event: the chart redraws at most four times a second however fast training runs.
 */
public final class LiveView extends BorderPane {
    static final int REFRESH_MS = 250;
    /** Above this many points per series, only every k-th step is drawn (k doubles as needed). */
    static final int MAX_POINTS = 4000;

    private final XYSeries loss = new XYSeries("train loss (step)", false, true);
    private final XYSeries testLoss = new XYSeries("test loss", false, true);
    private final XYSeriesCollection lossData = new XYSeriesCollection();
    private final XYSeriesCollection flowData = new XYSeriesCollection();
    private final Map<String, XYSeries> layerSeries = new LinkedHashMap<>();
    private final Label title = new Label("No run is training. Design a spec and press Train (Ctrl+Enter).");
    private final Timeline timeline;
    private RunJob job;
    private int stride = 1;
    private long seen;

    public LiveView() {
        getStyleClass().add("live-view");
        lossData.addSeries(loss);
        lossData.addSeries(testLoss);
        JFreeChart lossChart = ChartFactory.createXYLineChart("Loss", "step", "loss", lossData,
                PlotOrientation.VERTICAL, true, true, false);
        JFreeChart flowChart = ChartFactory.createXYLineChart("Effective gradient flow per layer", "step",
                "||dC/dW (.) M||_2", flowData, PlotOrientation.VERTICAL, true, true, false);
        LogAxis log = new LogAxis("||dC/dW (.) M||_2");
        log.setSmallestValue(1e-12);
        ((XYPlot) flowChart.getPlot()).setRangeAxis(log);
        ChartViewer lossViewer = new ChartViewer(lossChart);
        ChartViewer flowViewer = new ChartViewer(flowChart);
        lossViewer.setId("live-loss-chart");
        flowViewer.setId("live-flow-chart");
        GridPane charts = new GridPane();
        charts.setHgap(8);
        charts.add(lossViewer, 0, 0);
        charts.add(flowViewer, 1, 0);
        for (ChartViewer v : List.of(lossViewer, flowViewer)) {
            GridPane.setHgrow(v, Priority.ALWAYS);
            GridPane.setVgrow(v, Priority.ALWAYS);
            v.setPrefSize(420, 300);
        }
        title.getStyleClass().add("section-title");
        VBox top = new VBox(title);
        top.setPadding(new Insets(6, 0, 6, 0));
        setTop(top);
        setCenter(charts);
        timeline = new Timeline(new KeyFrame(Duration.millis(REFRESH_MS), e -> drain()));
        timeline.setCycleCount(Timeline.INDEFINITE);
        timeline.play();
    }

    /** Shows {@code j} from now on (clearing the charts), or keeps the last one if {@code j} is null. */
    public void show(RunJob j) {
        if (j == null || j == job) return;
        job = j;
        stride = 1;
        seen = 0;
        loss.clear();
        testLoss.clear();
        flowData.removeAllSeries();
        layerSeries.clear();
        title.setText("Live: " + j.name());
    }

    /** Applies everything collected since the last tick as one batch. */
    void drain() {
        if (job == null) return;
        List<LiveMetrics.StepPoint> steps = job.live().drainSteps();
        List<LiveMetrics.TestPoint> tests = job.live().drainTests();
        if (steps.isEmpty() && tests.isEmpty()) return;
        for (LiveMetrics.StepPoint p : steps) {
            if (seen++ % stride != 0) continue;
            if (Double.isFinite(p.loss())) loss.add(p.step(), p.loss(), false);
            for (int i = 0; i < p.layerNames().length; i++) {
                double v = p.layerL2Active()[i];
                if (!(v > 0) || !Double.isFinite(v)) continue;
                XYSeries s = layerSeries.computeIfAbsent(p.layerNames()[i], n -> {
                    XYSeries created = new XYSeries(n, false, true);
                    flowData.addSeries(created);
                    return created;
                });
                s.add(p.step(), v, false);
            }
        }
        for (LiveMetrics.TestPoint t : tests) {
            if (Double.isFinite(t.testLoss())) testLoss.add(t.step(), t.testLoss(), false);
        }
        if (loss.getItemCount() > MAX_POINTS) thin();
        loss.fireSeriesChanged();
        testLoss.fireSeriesChanged();
        layerSeries.values().forEach(XYSeries::fireSeriesChanged);
    }

    /** Halves the number of drawn points and doubles the stride for new ones. */
    private void thin() {
        stride *= 2;
        thin(loss);
        layerSeries.values().forEach(LiveView::thin);
    }

    private static void thin(XYSeries s) {
        for (int i = s.getItemCount() - 2; i > 0; i -= 2) s.remove(i);
    }

    public void stop() { timeline.stop(); }
}
