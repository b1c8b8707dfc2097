package dev.gradflow.app.runs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live charts' zoom range and hover texts, without the toolkit. */
class LiveZoomTest {
    static LiveViewModel withSteps(int n) {
        LiveViewModel vm = new LiveViewModel();
        vm.start("demo");
        List<LiveMetrics.StepPoint> batch = new ArrayList<>();
        for (long s = 0; s < n; s++) batch.add(new LiveMetrics.StepPoint(s, 1.0 / (s + 1), Double.NaN, new String[]{"dense1", "output"}, new double[]{s, 2 * s}));
        vm.apply(batch, List.of(new LiveMetrics.TestPoint(50, 0.25, 0.9)));
        return vm;
    }

    @Test
    void zoomIsClampedToTheRunAndTheWholeRangeMeansNotZoomed() {
        LiveViewModel vm = withSteps(100);
        assertThat(vm.visibleRange()).containsExactly(0, 99);
        vm.setRange(80, 20);
        assertThat(vm.visibleRange()).containsExactly(20, 80);
        vm.setRange(90, 130); // past the end: shifted back inside
        assertThat(vm.visibleRange()).containsExactly(59, 99);
        vm.setRange(10, 11); // narrower than the minimum span
        assertThat(vm.visibleRange()).containsExactly(10, 10 + LiveViewModel.MIN_SPAN);
        vm.setRange(-5, 200);
        assertThat(vm.isZoomed()).isFalse();
        vm.zoom(0.5, 25);
        assertThat(vm.visibleRange()).containsExactly(12.5, 62.0); // half of 99 steps, step 25 keeps its place: 25 - (25/99) * 49.5 = 12.5
        assertThat(vm.lossFigure(dev.gradflow.charts.style.FigureStyle.defaults()).createChart().getXYPlot().getDomainAxis().getLowerBound())
                .isEqualTo(12.5);
        vm.resetZoom();
        assertThat(vm.isZoomed()).isFalse();
        vm.start("next run"); // a new run shows all of itself
        assertThat(vm.isZoomed()).isFalse();
    }

    @Test
    void hoverTextsGiveStepAndValue() {
        LiveViewModel vm = withSteps(100);
        assertThat(vm.describeLoss(9.4)).isEqualTo("step 9\ntrain loss 0.100000");
        assertThat(vm.describeLoss(50.2)).isEqualTo("step 50\ntrain loss 0.0196078\ntest loss 0.250000 (step 50)");
        assertThat(vm.describeHeatmap(30.6, 1.2)).isEqualTo("layer output\nstep 31\n‖g ⊙ M‖₂ 62.0000");
        assertThat(vm.describeHeatmap(30, 5)).isEmpty();
    }
}
