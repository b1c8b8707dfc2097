package dev.gradflow.app.compare;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.RunSummary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareViewModelTest {
    private final CompareViewModel vm = new CompareViewModel(r -> run("#" + r.id(), 0, 100, 1e-3, 1e-1), new CurrentThreadTaskExecutor());

    /** Two layers, steps first..last; layer 0 = lo, layer 1 = hi at every step; loss = 1 / (step + 1). */
    static RunSeries run(String label, long first, long last, double lo, double hi) {
        int n = (int) (last - first + 1);
        long[] steps = new long[n];
        double[][] v = new double[2][n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = first + i;
            v[0][i] = lo;
            v[1][i] = hi;
            loss[i] = 1.0 / (steps[i] + 1);
        }
        return RunSeries.builder(label, List.of("dense_0", "output"), steps)
                .layerValues(Measure.L2_ACTIVE, v).stepSeries(SeriesNames.LOSS, loss).build();
    }

    static RunSummary summary(long id) {
        return new RunSummary(id, "run" + id, RunStatus.FINISHED, "spirals", "adam", "relu", 0.5, 1, null,
                null, null, 100, 0.9, 0.3, 1.0, null);
    }

    @Test
    void sharedScaleCoversTheValuesOfEveryRun() {
        vm.show(List.of(run("a", 0, 100, 1e-3, 1e-1), run("b", 0, 50, 1e-2, 10)));
        ColorScale s = vm.sharedScale(FigureStyle.defaults());
        assertThat(s.isLog()).isTrue();
        assertThat(s.lower()).isLessThanOrEqualTo(1e-3);
        assertThat(s.upper()).isGreaterThanOrEqualTo(10);
        ColorScale a = vm.heatmap(0, FigureStyle.defaults(), s, false).colorScale();
        ColorScale b = vm.heatmap(1, FigureStyle.defaults(), s, true).colorScale();
        assertThat(a.lower()).isEqualTo(b.lower());
        assertThat(a.upper()).isEqualTo(b.upper());
    }

    @Test
    void differenceIsOnlyAvailableForExactlyTwoRuns() {
        vm.show(List.of(run("a", 0, 10, 1, 2)));
        assertThat(vm.isDiffAvailable()).isFalse();
        vm.show(List.of(run("a", 0, 10, 1, 2), run("b", 0, 10, 1, 3)));
        assertThat(vm.isDiffAvailable()).isTrue();
        vm.modeProperty().set(CompareViewModel.Mode.DIFFERENCE);
        assertThat(vm.exportFigure(FigureStyle.defaults()).kind()).isEqualTo("diff-heatmap");
        vm.show(List.of(run("a", 0, 10, 1, 2), run("b", 0, 10, 1, 3), run("c", 0, 10, 1, 4)));
        assertThat(vm.isDiffAvailable()).isFalse();
        assertThat(vm.modeProperty().get()).isEqualTo(CompareViewModel.Mode.HEATMAPS);
        assertThatThrownBy(() -> vm.difference(FigureStyle.defaults())).isInstanceOf(IllegalStateException.class);
        assertThat(vm.exportFigure(FigureStyle.defaults()).kind()).isEqualTo("panels");
    }

    @Test
    void compareLoadsRunsThroughTheLoaderAndResetsTheStepRange() {
        vm.compare(List.of(summary(3), summary(4)));
        assertThat(vm.runs()).extracting(RunSeries::label).containsExactly("#3", "#4");
        assertThat(vm.rangeLoProperty().get()).isEqualTo(0);
        assertThat(vm.rangeHiProperty().get()).isEqualTo(100);
        assertThat(vm.exportProvenance().get("runIds")).isEqualTo(List.of(3L, 4L));
    }

    @Test
    void zoomKeepsTheAnchorAndPanStaysInsideTheRuns() {
        vm.show(List.of(run("a", 0, 100, 1, 2)));
        vm.zoom(0.5, 20);
        assertThat(vm.rangeHiProperty().get() - vm.rangeLoProperty().get()).isEqualTo(50);
        assertThat(vm.rangeLoProperty().get()).isEqualTo(10); // 20 stays at 20% of the range
        vm.pan(-1000);
        assertThat(vm.rangeLoProperty().get()).isEqualTo(0);
        assertThat(vm.rangeHiProperty().get()).isEqualTo(50);
        vm.pan(1000);
        assertThat(vm.rangeHiProperty().get()).isEqualTo(100);
        vm.zoom(1e-9, 50);
        assertThat(vm.rangeHiProperty().get() - vm.rangeLoProperty().get()).isEqualTo(CompareViewModel.MIN_SPAN);
        vm.resetZoom();
        assertThat(vm.rangeLoProperty().get()).isEqualTo(0);
        assertThat(vm.rangeHiProperty().get()).isEqualTo(100);
    }

    @Test
    void exportedPanelsSmoothTheLossWithTheScreensSetting() {
        vm.show(List.of(run("a", 0, 100, 1e-3, 1e-1), run("b", 0, 100, 1e-2, 1)));
        assertThat(vm.smoothingProperty().get()).isEqualTo(dev.gradflow.charts.data.Smoothing.DEFAULT_WEIGHT);
        assertThat(vm.curves(SeriesNames.LOSS, FigureStyle.defaults()).smoothingWeight()).isEqualTo(0.6);
        assertThat(((dev.gradflow.charts.figure.PanelsFigure) vm.exportFigure(FigureStyle.defaults())).provenance()).containsEntry("smoothing", 0.6);
        vm.smoothingProperty().set(0.85);
        assertThat(vm.curves(SeriesNames.LOSS, FigureStyle.defaults()).smoothingWeight()).isEqualTo(0.85);
        assertThat(((dev.gradflow.charts.figure.PanelsFigure) vm.exportFigure(FigureStyle.defaults())).provenance()).containsEntry("smoothing", 0.85);
        assertThat(vm.exportProvenance()).containsEntry("smoothing", 0.85);
    }

    @Test
    void differenceOffersLogRatioAndARobustRange() {
        vm.show(List.of(run("a", 0, 100, 1e-3, 1e-1), run("b", 0, 100, 1e-2, 1e-2)));
        vm.modeProperty().set(CompareViewModel.Mode.DIFFERENCE);
        assertThat(vm.robustRangeProperty().get()).isTrue();
        vm.diffKindProperty().set(dev.gradflow.charts.figure.DiffHeatmapFigure.Kind.LOG_RATIO);
        var f = vm.difference(FigureStyle.defaults());
        // log10(1e-3 / 1e-2) = -1 and log10(1e-1 / 1e-2) = 1: symmetric range 1 (every |value| is 1)
        assertThat(f.colorScale().upper()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(f.title()).isEqualTo("a over b");
        assertThat(f.provenance()).containsEntry("rangePercentile", 99.0);
        vm.robustRangeProperty().set(false);
        assertThat(vm.difference(FigureStyle.defaults()).provenance()).containsEntry("rangePercentile", 100.0);
    }

    @Test
    void hoverNamesRunLayerStepAndExactValue() {
        vm.show(List.of(run("a", 0, 100, 0.00025, 0.5), run("b", 0, 100, 0.001, 0.25)));
        assertThat(vm.describeHeatmap(0, 41.7, 1.2)).isEqualTo("a | layer output | step 42 | ‖g ⊙ M‖₂ = 0.500000");
        assertThat(vm.describeHeatmap(0, 3, 0)).contains("layer dense_0").contains("step 3").contains("2.5000e-04");
        assertThat(vm.describeHeatmap(0, 3, 5)).isEmpty();
        assertThat(vm.describeDifference(10, 1)).contains("a - b = 0.250000");
        assertThat(vm.describeCurves(SeriesNames.LOSS, 9)).contains("a = 0.100000 (step 9)").contains("b = 0.100000");
    }
}
