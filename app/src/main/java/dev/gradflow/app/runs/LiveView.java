package dev.gradflow.app.runs;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.figures.FigureRenderer;
import dev.gradflow.app.figures.Painters;
import dev.gradflow.app.figures.ScreenStyle;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
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
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.Arrays;
import java.util.List;

/**
 * Live charts of the job being trained: training loss (and test loss at evaluation points) and a per-layer heatmap
 * of ‖∂C/∂W ⊙ M‖₂. A {@link Timeline} drains the job's {@link LiveMetrics} every {@value #REFRESH_MS} ms: the
 * loss points are added with {@code notify = false} and fire one change event, the heatmap is rebuilt from the
 * steps collected so far and drawn on the render thread. So both redraw at most four times a second, and the FX
 * thread only copies arrays.
 */
public final class LiveView extends BorderPane {
    static final int REFRESH_MS = 250;
    /** Above this many loss points, only every k-th step is drawn (k doubles as needed). */
    static final int MAX_POINTS = 4000;
    /** Above this many heatmap columns, neighbouring steps are merged (mean) two by two. */
    static final int MAX_HEATMAP_STEPS = 50_000;

    // loss points drawn so far (thinned), copied into a fresh chart on the render thread
    private double[] lossX = new double[256], lossY = new double[256];
    private int lossN;
    private double[] testX = new double[64], testY = new double[64];
    private int testN;
    private final FigurePanel lossPanel = new FigurePanel(FigureRenderer.shared());
    private final FigurePanel heatmap = new FigurePanel(FigureRenderer.shared());
    private final Label title = new Label("No run is training. Design a spec and press Train (Ctrl+Enter).");
    private final BooleanProperty presentation = new SimpleBooleanProperty(false);
    private final Timeline timeline;
    private RunJob job;
    private int stride = 1;
    private long seen;
    // columns of the heatmap so far
    private String[] layerNames = new String[0];
    private long[] steps = new long[1024];
    private double[][] values = new double[0][];
    private int n;

    public LiveView() {
        getStyleClass().add("live-view");
        // Drawn like the heatmap, on the render thread: a JFreeChart ChartViewer would lay out and paint the whole
        // chart on the FX thread on every change event (the main FX stall while a run trained).
        FigurePanel lossViewer = lossPanel;
        lossViewer.setId("live-loss-chart");
        heatmap.setId("live-heatmap");
        GridPane charts = new GridPane();
        charts.setHgap(8);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setPercentWidth(40);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setPercentWidth(60);
        charts.getColumnConstraints().setAll(c0, c1);
        RowConstraints r0 = new RowConstraints();
        r0.setVgrow(Priority.ALWAYS);
        charts.getRowConstraints().setAll(r0);
        charts.add(lossViewer, 0, 0);
        charts.add(heatmap, 1, 0);
        lossViewer.setPrefSize(360, 260);
        lossViewer.setMinSize(0, 0);
        heatmap.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        heatmap.setMinSize(0, 0);
        title.getStyleClass().add("section-title");
        VBox top = new VBox(title);
        top.setPadding(new Insets(6, 0, 6, 0));
        setTop(top);
        setCenter(charts);
        presentation.addListener((o, a, b) -> { redrawHeatmap(); redrawLoss(); });
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
        lossN = 0;
        testN = 0;
        lossPanel.setPainter(null);
        layerNames = new String[0];
        values = new double[0][];
        n = 0;
        heatmap.setPainter(null);
        title.setText("Live: " + dev.gradflow.model.spec.Messages.printable(j.name()));
    }

    /** Applies everything collected since the last tick as one batch. */
    void drain() {
        if (job == null) return;
        List<LiveMetrics.StepPoint> batch = job.live().drainSteps();
        List<LiveMetrics.TestPoint> tests = job.live().drainTests();
        if (batch.isEmpty() && tests.isEmpty()) return;
        for (LiveMetrics.StepPoint p : batch) {
            append(p);
            if (seen++ % stride != 0) continue;
            if (Double.isFinite(p.loss())) addLoss(p.step(), p.loss());
        }
        for (LiveMetrics.TestPoint t : tests) {
            if (Double.isFinite(t.testLoss())) addTest(t.step(), t.testLoss());
        }
        if (lossN > MAX_POINTS) thin();
        redrawLoss();
        if (!batch.isEmpty()) redrawHeatmap();
    }

    private void append(LiveMetrics.StepPoint p) {
        if (layerNames.length == 0 && p.layerNames().length > 0) {
            layerNames = p.layerNames().clone();
            values = new double[layerNames.length][steps.length];
        }
        if (layerNames.length == 0) return;
        if (n == steps.length) {
            if (n >= MAX_HEATMAP_STEPS) halve();
            else {
                steps = Arrays.copyOf(steps, n * 2);
                for (int l = 0; l < values.length; l++) values[l] = Arrays.copyOf(values[l], n * 2);
            }
        }
        steps[n] = p.step();
        for (int l = 0; l < values.length; l++) values[l][n] = l < p.layerL2Active().length ? p.layerL2Active()[l] : Double.NaN;
        n++;
    }

    /** Merges neighbouring columns (mean of the finite values), keeping the later step. */
    private void halve() {
        int m = n / 2;
        for (int k = 0; k < m; k++) {
            steps[k] = steps[2 * k + 1];
            for (double[] row : values) {
                double a = row[2 * k], b = row[2 * k + 1];
                row[k] = Double.isNaN(a) ? b : Double.isNaN(b) ? a : (a + b) / 2;
            }
        }
        n = m;
    }

    /** The run so far as a series (copies; built on the FX thread, safe to hand to the render thread). */
    RunSeries snapshot() {
        if (n == 0 || job == null) return null;
        double[][] v = new double[values.length][];
        for (int l = 0; l < v.length; l++) v[l] = Arrays.copyOf(values[l], n);
        return RunSeries.builder(job.name() + " (live)", List.of(layerNames), Arrays.copyOf(steps, n))
                .layerValues(Measure.L2_ACTIVE, v).build();
    }

    private void redrawHeatmap() {
        RunSeries s = snapshot();
        if (s == null) return;
        heatmap.setPainter(Painters.of(heatmapFigure(s, ScreenStyle.of(presentation.get()))));
    }

    static HeatmapFigure heatmapFigure(RunSeries s, FigureStyle style) {
        return HeatmapFigure.of(s, Measure.L2_ACTIVE).style(style).title(s.label() + ": " + Measure.L2_ACTIVE.shortLabel() + " per layer");
    }

    /** The live heatmap for File > Export, or null when nothing was trained yet. */
    public HeatmapFigure exportFigure(FigureStyle style) {
        RunSeries s = snapshot();
        return s == null ? null : heatmapFigure(s, style);
    }

    public String jobName() { return job == null ? null : job.name(); }

    private void addLoss(double x, double y) {
        if (lossN == lossX.length) {
            lossX = Arrays.copyOf(lossX, lossN * 2);
            lossY = Arrays.copyOf(lossY, lossN * 2);
        }
        lossX[lossN] = x;
        lossY[lossN++] = y;
    }

    private void addTest(double x, double y) {
        if (testN == testX.length) {
            testX = Arrays.copyOf(testX, testN * 2);
            testY = Arrays.copyOf(testY, testN * 2);
        }
        testX[testN] = x;
        testY[testN++] = y;
    }

    /** Halves the number of drawn loss points (keeping the first and last) and doubles the stride for new ones. */
    private void thin() {
        stride *= 2;
        int m = 0;
        for (int i = 0; i < lossN; i++) {
            if (i % 2 == 0 || i == lossN - 1) {
                lossX[m] = lossX[i];
                lossY[m++] = lossY[i];
            }
        }
        lossN = m;
    }

    /** Copies the loss points and hands a painter to the render thread; the FX thread never lays out the chart. */
    private void redrawLoss() {
        if (lossN == 0 && testN == 0) return;
        double[] lx = Arrays.copyOf(lossX, lossN), ly = Arrays.copyOf(lossY, lossN);
        double[] tx = Arrays.copyOf(testX, testN), ty = Arrays.copyOf(testY, testN);
        FigureStyle style = ScreenStyle.of(presentation.get());
        lossPanel.setPainter((g2, area) -> Painters.draw(lossChart(lx, ly, tx, ty, style), g2, area));
    }

    static JFreeChart lossChart(double[] lx, double[] ly, double[] tx, double[] ty, FigureStyle style) {
        XYSeries loss = new XYSeries("train loss (step)", false, true);
        for (int i = 0; i < lx.length; i++) loss.add(lx[i], ly[i], false);
        XYSeries test = new XYSeries("test loss", false, true);
        for (int i = 0; i < tx.length; i++) test.add(tx[i], ty[i], false);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(loss);
        data.addSeries(test);
        JFreeChart chart = ChartFactory.createXYLineChart("Loss", "step", "loss", data, PlotOrientation.VERTICAL,
                true, false, false);
        dev.gradflow.charts.figure.ChartStyler.styleChart(chart, style);
        return chart;
    }

    /** Loss points currently drawn (for tests). */
    int lossPoints() { return lossN; }

    /** Columns in the heatmap so far (for tests). */
    int heatmapColumns() { return n; }

    public FigurePanel heatmapPanel() { return heatmap; }

    public BooleanProperty presentationProperty() { return presentation; }

    public void stop() { timeline.stop(); }
}
