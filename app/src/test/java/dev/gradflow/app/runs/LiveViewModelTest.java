package dev.gradflow.app.runs;

import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.figure.CurvesFigure;
import dev.gradflow.charts.style.FigureStyle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The live charts' thinning and merging, without the JavaFX toolkit. */
class LiveViewModelTest {
    private static LiveMetrics.StepPoint step(long s, double loss, double... layers) {
        String[] names = new String[layers.length];
        for (int i = 0; i < names.length; i++) names[i] = "layer" + i;
        return new LiveMetrics.StepPoint(s, loss, Double.NaN, names, layers);
    }

    private static List<LiveMetrics.StepPoint> steps(long from, long toExclusive) {
        List<LiveMetrics.StepPoint> out = new ArrayList<>();
        for (long s = from; s < toExclusive; s++) out.add(step(s, 1.0 / (s + 1), s, -s));
        return out;
    }

    @Test
    void nothingIsAppliedBeforeAJobStarts() {
        LiveViewModel vm = new LiveViewModel();
        assertThat(vm.apply(steps(0, 3), List.of())).isEqualTo(LiveViewModel.Change.NOTHING);
        assertThat(vm.lossPoints()).isZero();
        assertThat(vm.lossFigure(FigureStyle.defaults())).isNull();
    }

    @Test
    void aBatchOverTheLimitKeepsEveryOtherPointAndTheLastThenDrawsEverySecondNewStep() {
        LiveViewModel vm = new LiveViewModel(8, 1_000_000);
        vm.start("job");
        assertThat(vm.apply(steps(0, 9), List.of())).isEqualTo(LiveViewModel.Change.LOSS_AND_HEATMAP);
        assertThat(vm.lossSteps()).containsExactly(0, 2, 4, 6, 8);
        assertThat(vm.stride()).isEqualTo(2);
        vm.apply(steps(9, 13), List.of()); // the count of points seen goes on: steps 9 and 11 are skipped
        assertThat(vm.lossSteps()).containsExactly(0, 2, 4, 6, 8, 10, 12);
        assertThat(vm.heatmapColumns()).as("the heatmap keeps every step").isEqualTo(13);
    }

    @Test
    void nonFiniteLossesAreNotDrawnButStillCountAsHeatmapColumns() {
        LiveViewModel vm = new LiveViewModel();
        vm.start("job");
        vm.apply(List.of(step(1, Double.NaN, 1), step(2, Double.POSITIVE_INFINITY, 2), step(3, 0.5, 3)), List.of());
        assertThat(vm.lossSteps()).containsExactly(3);
        assertThat(vm.heatmapColumns()).isEqualTo(3);
    }

    @Test
    void overTheColumnLimitNeighbouringStepsMergeToTheirMeanKeepingTheLaterStep() {
        LiveViewModel vm = new LiveViewModel(1_000_000, 4);
        vm.start("job");
        // the column buffer starts at 1024: the 1025th step finds it full and over the limit, so it halves first
        vm.apply(steps(0, 1025), List.of());
        assertThat(vm.heatmapColumns()).isEqualTo(513);
        RunSeries s = vm.heatmapSeries();
        double[][] v = s.layerValues(Measure.L2_ACTIVE);
        for (int k = 0; k < 512; k++) {
            assertThat(s.steps()[k]).isEqualTo(2L * k + 1);
            assertThat(v[0][k]).isEqualTo((2.0 * k + 2.0 * k + 1) / 2);
            assertThat(v[1][k]).isEqualTo(-(2.0 * k + 2.0 * k + 1) / 2);
        }
        assertThat(s.steps()[512]).isEqualTo(1024);
        assertThat(v[0][512]).isEqualTo(1024.0);
    }

    @Test
    void aMissingValueMergesToItsNeighbour() {
        LiveViewModel vm = new LiveViewModel(1_000_000, 4);
        vm.start("job");
        List<LiveMetrics.StepPoint> batch = new ArrayList<>(steps(0, 1024));
        batch.set(0, step(0, 1, Double.NaN, 7));
        batch.add(step(1024, 1, 0, 0));
        vm.apply(batch, List.of());
        double[][] v = vm.heatmapSeries().layerValues(Measure.L2_ACTIVE);
        assertThat(v[0][0]).isEqualTo(1.0); // NaN and 1 -> 1
        assertThat(v[1][0]).isEqualTo((7 + -1) / 2.0);
    }

    @Test
    void theLossFigureIsTheChartsCurvesFigureWithTrainAndTestLossSortedByStep() {
        LiveViewModel vm = new LiveViewModel();
        vm.start("job");
        vm.apply(steps(0, 5), List.of(new LiveMetrics.TestPoint(4, 0.7, 0.5), new LiveMetrics.TestPoint(2, 0.9, 0.4),
                new LiveMetrics.TestPoint(3, Double.NaN, 0.4)));
        CurvesFigure f = vm.lossFigure(FigureStyle.defaults());
        assertThat(f.title()).isEqualTo("Loss");
        List<CurvesFigure.Drawn> drawn = f.drawn();
        assertThat(drawn).extracting(CurvesFigure.Drawn::key).containsExactly("train loss (step)", "test loss");
        assertThat(drawn.get(0).steps()).isEqualTo(LongStream.range(0, 5).toArray());
        assertThat(drawn.get(0).raw()).containsExactly(1.0, 1 / 2.0, 1 / 3.0, 1 / 4.0, 1 / 5.0);
        assertThat(drawn.get(1).steps()).containsExactly(2, 4);
        assertThat(drawn.get(1).raw()).containsExactly(0.9, 0.7);
    }

    @Test
    void startingANewJobClearsEverythingAndNamesIt() {
        LiveViewModel vm = new LiveViewModel();
        vm.start("first");
        vm.apply(steps(0, 5), List.of());
        vm.start("second\nline");
        assertThat(vm.lossPoints()).isZero();
        assertThat(vm.heatmapColumns()).isZero();
        assertThat(vm.heatmapSeries()).isNull();
        assertThat(vm.titleProperty().get()).startsWith("Live: second").doesNotContain("\n");
    }
}
