package dev.gradflow.charts.group;

import dev.gradflow.charts.bench.SyntheticRuns;
import dev.gradflow.charts.data.Curve;
import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunGroup;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeedBands;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.BandCurvesFigure;
import dev.gradflow.charts.figure.PanelsFigure;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Mean and 95 % band over seeds (docs/charts.md "Seed groups") against an independent double-precision computation
 * written here, with the t quantiles hard-coded from SciPy ({@code scipy.stats.t.ppf(0.975, df)}) and checked
 * against the printed table values (t_{0.975,2} = 4.303, t_{0.975,3} = 3.182, t_{0.975,4} = 2.776).
 */
class SeedBandsTest {
    static final double T2 = 4.302652729749462, T3 = 3.1824463052837078, T4 = 2.7764451051977934;

    @Test
    void tQuantileMatchesTheTable() {
        assertThat(T2).isCloseTo(4.303, within(5e-4));
        assertThat(T3).isCloseTo(3.182, within(5e-4));
        assertThat(T4).isCloseTo(2.776, within(5e-4));
        assertThat(SeedBands.t975(2)).isCloseTo(T2, within(1e-7));
        assertThat(SeedBands.t975(3)).isCloseTo(T3, within(1e-7));
        assertThat(SeedBands.t975(4)).isCloseTo(T4, within(1e-7));
        assertThat(SeedBands.t975(0)).isNaN();
    }

    /** mean, lower, upper of xs by hand: s with divisor n - 1, half-width t * s / sqrt(n). */
    static double[] expected(double t, double... xs) {
        double sum = 0;
        for (double x : xs) sum += x;
        double mean = sum / xs.length;
        double ss = 0;
        for (double x : xs) ss += (x - mean) * (x - mean);
        double half = t * Math.sqrt(ss / (xs.length - 1)) / Math.sqrt(xs.length);
        return new double[]{mean, mean - half, mean + half};
    }

    @Test
    void bandIsMeanPlusMinusTTimesStandardErrorAtEveryStep() {
        Curve a = new Curve("loss", new long[]{0, 10, 20}, new double[]{2.0, 1.5, 1.1});
        Curve b = new Curve("loss", new long[]{0, 10, 20}, new double[]{2.4, 1.2, 0.9});
        Curve c = new Curve("loss", new long[]{0, 10, 20}, new double[]{2.1, 1.6, 1.3});
        SeedBands.Band band = SeedBands.of("loss", List.of(a, b, c));
        assertThat(band.steps()).containsExactly(0, 10, 20);
        double[][] want = {expected(T2, 2.0, 2.4, 2.1), expected(T2, 1.5, 1.2, 1.6), expected(T2, 1.1, 0.9, 1.3)};
        for (int k = 0; k < 3; k++) {
            assertThat(band.mean()[k]).isCloseTo(want[k][0], within(1e-12));
            assertThat(band.lower()[k]).isCloseTo(want[k][1], within(1e-8));
            assertThat(band.upper()[k]).isCloseTo(want[k][2], within(1e-8));
            assertThat(band.n()[k]).isEqualTo(3);
        }
        // one number from SciPy: stats.t.ppf(0.975, 2) * np.std([2.0, 2.4, 2.1], ddof=1) / np.sqrt(3)
        assertThat(band.upper()[0] - band.mean()[0]).isCloseTo(0.5171145012542262, within(1e-8));
    }

    @Test
    void stepsNotLoggedByEverySeedAreLeftOutAndCounted() {
        Curve a = new Curve("loss", new long[]{0, 10, 20, 30}, new double[]{1, 2, 3, 4});
        Curve b = new Curve("loss", new long[]{0, 20, 30}, new double[]{3, 5, 6});
        SeedBands.Band band = SeedBands.of("loss", List.of(a, b));
        assertThat(band.steps()).containsExactly(0, 20, 30);
        assertThat(band.droppedSteps()).isEqualTo(1);
        double t1 = 12.706204736174694; // scipy.stats.t.ppf(0.975, 1); table 12.706
        assertThat(band.upper()[1]).isCloseTo(expected(t1, 3, 5)[2], within(1e-8));
    }

    @Test
    void oneSeedHasNoBandAndNonFiniteValuesAreSkipped() {
        SeedBands.Band one = SeedBands.of("loss", List.of(new Curve("loss", new long[]{0, 1}, new double[]{1, 2})));
        assertThat(one.lower()).containsExactly(1, 2);
        assertThat(one.upper()).containsExactly(1, 2);
        SeedBands.Band withNaN = SeedBands.of("loss", List.of(new Curve("loss", new long[]{0}, new double[]{Double.NaN}),
                new Curve("loss", new long[]{0}, new double[]{2}), new Curve("loss", new long[]{0}, new double[]{4})));
        assertThat(withNaN.n()).containsExactly(2);
        assertThat(withNaN.mean()[0]).isEqualTo(3.0);
    }

    static RunGroup fiveSeeds() {
        List<RunSeries> runs = new java.util.ArrayList<>();
        for (int s = 1; s <= 5; s++) runs.add(SyntheticRuns.run("quick-demo s" + s, 3, 50, 1.0, s));
        return RunGroup.of("quick-demo", runs);
    }

    @Test
    void groupBandSmoothsEachSeedFirstThenAverages() {
        RunGroup g = fiveSeeds();
        double w = 0.6;
        SeedBands.Band band = g.band(SeriesNames.LOSS, w);
        int k = 17;
        double[] xs = new double[5];
        for (int r = 0; r < 5; r++) {
            double[] raw = g.members().get(r).curve(SeriesNames.LOSS).values();
            double last = 0;
            for (int i = 0; i <= k; i++) last = w * last + (1 - w) * raw[i];
            xs[r] = last / (1 - Math.pow(w, k + 1)); // debiased EMA, by hand
        }
        double[] want = expected(T4, xs);
        assertThat(band.mean()[k]).isCloseTo(want[0], within(1e-12));
        assertThat(band.lower()[k]).isCloseTo(want[1], within(1e-8));
        assertThat(band.upper()[k]).isCloseTo(want[2], within(1e-8));
        assertThat(g.legendLabel()).isEqualTo("quick-demo (n=5)");
    }

    @Test
    void heatmapOfAGroupIsTheMeanPerCell() {
        RunGroup g = fiveSeeds();
        RunSeries mean = g.meanSeries();
        for (int l = 0; l < 3; l++) {
            for (int k : new int[]{0, 9, 49}) {
                double sum = 0;
                for (RunSeries r : g.members()) sum += r.layerValues(Measure.L2_ACTIVE)[l][k];
                assertThat(mean.layerValues(Measure.L2_ACTIVE)[l][k]).isCloseTo(sum / 5, within(1e-15));
            }
        }
        assertThat(mean.label()).isEqualTo("quick-demo (n=5)");
    }

    @Test
    void exportedGroupFigureWritesMeanBandAndNInItsCsv(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        RunGroup g = fiveSeeds();
        PanelsFigure f = PanelsFigure.ofGroups(List.of(g, RunGroup.single(SyntheticRuns.run("dense", 3, 50, 1.0, 9))), Measure.L2_ACTIVE)
                .smoothing(0);
        Path csv = FigureExporter.export(f, dir.resolve("groups.csv"));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("group,part,name,step_from,step_to,n,mean,lower,upper");
        String row = lines.stream().filter(l -> l.startsWith("quick-demo,curve,loss,17,17,")).findFirst().orElseThrow();
        String[] cells = row.split(",");
        double[] xs = new double[5];
        for (int r = 0; r < 5; r++) xs[r] = g.members().get(r).curve(SeriesNames.LOSS).values()[17];
        double[] want = expected(T4, xs);
        assertThat(Integer.parseInt(cells[5])).isEqualTo(5);
        assertThat(Double.parseDouble(cells[6])).isCloseTo(want[0], within(1e-12));
        assertThat(Double.parseDouble(cells[7])).isCloseTo(want[1], within(1e-8));
        assertThat(Double.parseDouble(cells[8])).isCloseTo(want[2], within(1e-8));
        assertThat(lines).anyMatch(l -> l.startsWith("dense,curve,loss,17,17,1,"));
        assertThat(Files.readString(FigureExporter.provenancePath(csv))).contains("\"seeds\"");

        BandCurvesFigure bc = BandCurvesFigure.of(List.of(g), SeriesNames.LOSS);
        StringWriter w = new StringWriter();
        FigureExporter.render(bc, 600, 400);
        bc.csv().write(w);
        assertThat(w.toString()).startsWith("group,series,step,mean,lower,upper,n");
        assertThat(bc.drawn().get(0).key()).isEqualTo("quick-demo (n=5)");
    }
}
