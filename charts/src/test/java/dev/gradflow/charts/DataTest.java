package dev.gradflow.charts;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.data.BucketedMatrix;
import dev.gradflow.charts.data.Bucketing;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.data.Smoothing;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.style.Palette;
import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.metrics.MaskEvent;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DataTest {

    @Test
    void bucketing100kStepsInto1600BucketsPreservesMeanMinMax() {
        int n = 100_000;
        long[] steps = new long[n];
        double[][] v = new double[2][n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            v[0][i] = r.nextDouble();
            v[1][i] = i;
        }
        BucketGrid grid = BucketGrid.over(0, n - 1, 1600);
        BucketedMatrix m = Bucketing.bucket(steps, v, grid);
        assertThat(m.buckets()).isEqualTo(1600);
        int total = 0;
        double weightedMean = 0;
        for (int b = 0; b < 1600; b++) {
            long from = grid.stepFrom(b), to = grid.stepTo(b);
            int c = m.counts()[0][b];
            assertThat(c).isEqualTo((int) (to - from + 1));
            total += c;
            // brute force over the bucket's steps
            double sum = 0, mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
            for (long s = from; s <= to; s++) {
                double x = v[0][(int) s];
                sum += x;
                mn = Math.min(mn, x);
                mx = Math.max(mx, x);
            }
            assertThat(m.mean()[0][b]).isCloseTo(sum / c, within(1e-12));
            assertThat(m.min()[0][b]).isEqualTo(mn);
            assertThat(m.max()[0][b]).isEqualTo(mx);
            assertThat(m.min()[1][b]).isEqualTo((double) from);
            assertThat(m.max()[1][b]).isEqualTo((double) to);
            weightedMean += m.mean()[0][b] * c;
        }
        assertThat(total).isEqualTo(n);
        double globalMean = 0;
        for (double x : v[0]) globalMean += x;
        assertThat(weightedMean / n).isCloseTo(globalMean / n, within(1e-9));
        assertThat(m.values(Aggregation.MAX)).isSameAs(m.max());
    }

    @Test
    void bucketingSkipsNaNAndLeavesEmptyBucketsNaN() {
        long[] steps = {0, 1, 2, 10, 11};
        double[][] v = {{1, Double.NaN, 3, 5, 7}};
        BucketedMatrix m = Bucketing.bucket(steps, v, new BucketGrid(0, 12, 4)); // buckets of 3 steps
        assertThat(m.mean()[0][0]).isEqualTo(2.0);
        assertThat(m.counts()[0][0]).isEqualTo(2);
        assertThat(m.mean()[0][1]).isNaN();
        assertThat(m.mean()[0][3]).isEqualTo(6.0);
    }

    @Test
    void emaMatchesTensorBoardFormula() {
        double[] x = {1, 2, 3, Double.NaN, 4};
        double w = 0.5;
        double[] s = Smoothing.ema(x, w);
        // last = 0.5, debias 0.5 -> 1
        assertThat(s[0]).isCloseTo(1.0, within(1e-12));
        // last = 0.25 + 1 = 1.25, debias 0.75 -> 1.6667
        assertThat(s[1]).isCloseTo(1.25 / 0.75, within(1e-12));
        // last = 0.625 + 1.5 = 2.125, debias 0.875
        assertThat(s[2]).isCloseTo(2.125 / 0.875, within(1e-12));
        assertThat(s[3]).isNaN();
        // NaN does not advance: last = 1.0625 + 2 = 3.0625, debias 0.9375
        assertThat(s[4]).isCloseTo(3.0625 / 0.9375, within(1e-12));
        assertThat(Smoothing.ema(x, 0)).containsExactly(x);
        double[] flat = Smoothing.ema(new double[]{5, 5, 5, 5}, 0.99);
        for (double f : flat) assertThat(f).isCloseTo(5, within(1e-9));
    }

    @Test
    void logScaleHandlesZerosNegativesAndNaN() {
        double[][] m = {{0, -1, Double.NaN, 1e-3, 10, Double.POSITIVE_INFINITY}};
        ColorScale s = ColorScale.fromData(Palette.viridis(), true, Color.GRAY, m);
        assertThat(s.lower()).isEqualTo(1e-3);
        assertThat(s.upper()).isEqualTo(10);
        assertThat(s.argb(0)).isEqualTo(Palette.viridis().argb(0));
        assertThat(s.argb(-1)).isEqualTo(Palette.viridis().argb(0));
        assertThat(s.argb(Double.NaN)).isEqualTo(Color.GRAY.getRGB());
        assertThat(s.argb(10)).isEqualTo(Palette.viridis().argb(1));
        assertThat(s.position(0.1)).isCloseTo(0.5, within(1e-12));
        // nothing positive at all: falls back instead of throwing
        ColorScale empty = ColorScale.fromData(Palette.viridis(), true, Color.GRAY, new double[][]{{0, Double.NaN}});
        assertThat(empty.lower()).isPositive();
    }

    @Test
    void fromEngineRecordsExtractsMeasuresAndSeries() {
        List<String> names = List.of("dense1", "output");
        List<StepRecord> steps = new ArrayList<>();
        for (int i = 9; i >= 0; i--) { // out of order on purpose
            List<LayerStats> ls = List.of(
                    new LayerStats(0, "dense1", 10 + i, 1 + i, 5 + i, 0.5 + i, 100, 10, 3, 1e-3),
                    new LayerStats(1, "output", 20 + i, 2 + i, 15 + i, 1.5 + i, 50, 5, 4, 2e-3));
            steps.add(new StepRecord(i, 0, 2.0 - i * 0.1, 1e-3, NetworkFlow.of(ls), ls));
        }
        RunSeries r = RunSeries.from("run", names, steps, List.of(),
                List.of(new EpochRecord(0, 9, 1, 0.5, 1.1, 0.45, 3)), List.of(new MaskEvent(5, 0, "dense1", 0.5, 0.4)));
        assertThat(r.steps()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(r.layerValues(Measure.L2_ACTIVE)[1][3]).isEqualTo(4.5);
        assertThat(r.layerValues(Measure.EGF_CONTRIBUTION)[0][0]).isEqualTo(0.25);
        // the per-layer EGF contributions sum to EGF_2
        double sum = r.layerValues(Measure.EGF_CONTRIBUTION)[0][4] + r.layerValues(Measure.EGF_CONTRIBUTION)[1][4];
        assertThat(sum).isCloseTo(r.curve(SeriesNames.EGF2).values()[4], within(1e-12));
        assertThat(r.curve(SeriesNames.LOSS).values()[0]).isEqualTo(2.0);
        assertThat(r.curve(SeriesNames.EPOCH_TEST_ACCURACY).values()).containsExactly(0.45);
        assertThat(r.maskEvents()).hasSize(1);
        assertThat(Measure.fromId("update_ratio")).isEqualTo(Measure.UPDATE_RATIO);
    }

    @Test
    void runLabelsShowControlCharactersEscapedSoAFigureOrLegendCannotBeRewritten() {
        RunSeries r = RunSeries.builder("evil\n\u001B[31mred\u0000", java.util.List.of("dense1"), new long[]{0}).build();
        assertThat(r.label()).isEqualTo("evil\\n\\u001B[31mred\\0");
    }
}
