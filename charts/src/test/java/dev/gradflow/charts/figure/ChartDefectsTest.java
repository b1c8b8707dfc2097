package dev.gradflow.charts.figure;

import dev.gradflow.charts.bench.SyntheticRuns;
import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.data.Smoothing;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.layout.SvgTextBoxes;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Issue 14's smaller chart defects, one behaviour per test. */
class ChartDefectsTest {

    private static double parse(String label) {
        String s = label.replace('−', '-');
        if (s.endsWith("k")) return Double.parseDouble(s.substring(0, s.length() - 1)) * 1e3;
        if (s.contains("10")) {
            String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
            int at = s.indexOf("10");
            StringBuilder e = new StringBuilder();
            for (char c : s.substring(at + 2).toCharArray()) e.append(c == '⁻' ? '-' : (char) ('0' + sup.indexOf(c)));
            if (e.length() > 0) {
                double mant = at == 0 ? 1 : Double.parseDouble(s.substring(0, at - 1));
                return mant * Math.pow(10, Integer.parseInt(e.toString()));
            }
        }
        return Double.parseDouble(s);
    }

    private static boolean numeric(String s) { return s.matches("[−0-9.×⁰¹²³⁴⁵⁶⁷⁸⁹⁻k]+") && s.matches(".*[0-9].*"); }

    /** Numeric labels right of the step axis' end (the colour bar column). */
    private static List<Double> colourBarTicks(SvgTextBoxes.Parsed p) {
        double stepTicksRight = p.boxes().stream().filter(b -> b.text().equals("training step")).findFirst().orElseThrow().bounds().getY();
        double right = p.boxes().stream().filter(b -> numeric(b.text()) && b.bounds().getY() > stepTicksRight - 25
                && b.bounds().getMaxY() < stepTicksRight).mapToDouble(b -> b.bounds().getMaxX()).max().orElseThrow();
        List<Double> out = new ArrayList<>();
        for (SvgTextBoxes.Box b : p.boxes()) if (b.bounds().getX() > right && numeric(b.text())) out.add(parse(b.text()));
        return out;
    }

    @Test
    void logColourBarOverOneDecadeHas125TicksNotDozensOfOddOnes() throws Exception {
        // one decade on a tall screen figure: JFreeChart's own log-unit ticks gave ~40 labels like 0.891, 0.794
        double[][] v = new double[2][400];
        long[] steps = new long[400];
        for (int i = 0; i < 400; i++) {
            steps[i] = i;
            v[0][i] = 0.3 + 2.7 * i / 399.0;
            v[1][i] = 3.0 - 2.7 * i / 399.0;
        }
        RunSeries r = RunSeries.builder("r", List.of("a", "b"), steps).layerValues(Measure.L2_ACTIVE, v).build();
        HeatmapFigure f = HeatmapFigure.of(r, Measure.L2_ACTIVE).style(FigureStyle.defaults().withSize(FigureSize.free(1200, 900)));
        SvgTextBoxes.Parsed p = SvgTextBoxes.parse(FigureExporter.toSvg(f, 1200, 900));
        List<Double> ticks = colourBarTicks(p);
        assertThat(ticks).hasSizeBetween(3, 12);
        for (double t : ticks) {
            double m = t / Math.pow(10, Math.floor(Math.log10(t) + 1e-9));
            assertThat(List.of(1.0, 2.0, 5.0)).as("mantissa of " + t).anySatisfy(x -> assertThat(m).isCloseTo(x, within(1e-9)));
        }
        assertThat(ticks).contains(0.5, 1.0, 2.0);
    }

    @Test
    void colourBarTickValuesAre125OrDecadesAndNeverTooMany() {
        assertThat(ColorBarAxis.ticks(0.3, 3, true, 10)).containsExactly(0.5, 1.0, 2.0);
        assertThat(ColorBarAxis.ticks(1e-6, 1, true, 4)).containsExactly(1e-6, 1e-4, 1e-2, 1.0);
        assertThat(ColorBarAxis.ticks(1e-6, 1, true, 10)).hasSize(7);
        assertThat(ColorBarAxis.ticks(-3.2, 3.2, false, 8)).containsExactly(-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0);
        assertThat(ColorBarAxis.ticks(-0.07, 0.07, false, 4)).containsExactly(-0.05, 0.0, 0.05);
    }

    @Test
    void stepAxisOfAShortRunHasOnlyWholeStepTicks() throws Exception {
        RunSeries r = SyntheticRuns.run("short", 3, 6, 1, 1);
        HeatmapFigure f = HeatmapFigure.of(r, Measure.L2_ACTIVE).showColorBar(false).style(FigureStyle.defaults());
        SvgTextBoxes.Parsed p = SvgTextBoxes.parse(FigureExporter.toSvg(f, 1000, 560));
        List<Double> ticks = p.boxes().stream().map(SvgTextBoxes.Box::text).filter(ChartDefectsTest::numeric).map(ChartDefectsTest::parse).toList();
        assertThat(ticks).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(Math.rint(t)));
        CurvesFigure c = CurvesFigure.of(List.of(r), SeriesNames.LOSS).showLegend(false).style(FigureStyle.defaults());
        SvgTextBoxes.Parsed q = SvgTextBoxes.parse(FigureExporter.toSvg(c, 1000, 560));
        double plotBottom = q.boxes().stream().filter(b -> b.text().equals("training step")).findFirst().orElseThrow().bounds().getY();
        List<Double> xTicks = q.boxes().stream().filter(b -> numeric(b.text()) && b.bounds().getMaxY() < plotBottom
                && b.bounds().getY() > plotBottom - 30).map(b -> parse(b.text())).toList();
        assertThat(xTicks).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(Math.rint(t)));
    }

    @Test
    void panelsSmoothTheLossAsTheScreenDoes() {
        PanelsFigure p = PanelsFigure.of(List.of(SyntheticRuns.run("a", 3, 200, 1, 1)), Measure.L2_ACTIVE);
        p.draw(FigureExporter.render(p, 10, 10).createGraphics(), new java.awt.geom.Rectangle2D.Double(0, 0, 800, 400));
        assertThat(p.curves().get(0).smoothingWeight()).isEqualTo(Smoothing.DEFAULT_WEIGHT).isEqualTo(0.6);
        assertThat(p.provenance()).containsEntry("smoothing", 0.6);
    }

    /** a with a huge step-0 spike in the output layer, b flat: the difference's range. */
    static RunSeries[] spiky() {
        int n = 1000;
        long[] steps = new long[n];
        double[][] va = new double[2][n], vb = new double[2][n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            va[0][i] = 0.02 * (1 + 0.5 * Math.sin(i / 30.0));
            va[1][i] = i == 0 ? 50 : 0.4 * (1 + 0.3 * Math.cos(i / 50.0));
            vb[0][i] = 0.01;
            vb[1][i] = 0.2;
        }
        return new RunSeries[]{
                RunSeries.builder("a", List.of("in", "out"), steps).layerValues(Measure.L2_ACTIVE, va).build(),
                RunSeries.builder("b", List.of("in", "out"), steps).layerValues(Measure.L2_ACTIVE, vb).build()};
    }

    @Test
    void robustRangeIsThe99thPercentileOfAbsoluteDifferencesSoTheStepZeroSpikeDoesNotSetIt() {
        RunSeries[] ab = spiky();
        HeatmapFigure plain = DiffHeatmapFigure.of(ab[0], ab[1], Measure.L2_ACTIVE);
        HeatmapFigure robust = DiffHeatmapFigure.of(ab[0], ab[1], Measure.L2_ACTIVE, Aggregation.MEAN, DiffHeatmapFigure.Kind.DIFFERENCE, true);
        assertThat(plain.colorScale().upper()).isCloseTo(50 - 0.2, within(1e-9)); // the spike
        // replay: 1000 buckets of one step each, |a - b| over both layers, numpy-style linear percentile
        double[] abs = new double[2000];
        for (int i = 0; i < 1000; i++) {
            abs[i] = Math.abs(ab[0].layerValues(Measure.L2_ACTIVE)[0][i] - 0.01);
            abs[1000 + i] = Math.abs(ab[0].layerValues(Measure.L2_ACTIVE)[1][i] - 0.2);
        }
        Arrays.sort(abs);
        double pos = 0.99 * (abs.length - 1);
        int lo = (int) Math.floor(pos);
        double expected = abs[lo] + (pos - lo) * (abs[lo + 1] - abs[lo]);
        assertThat(robust.colorScale().upper()).isCloseTo(expected, within(1e-12));
        assertThat(robust.colorScale().lower()).isCloseTo(-expected, within(1e-12));
        assertThat(expected).isLessThan(0.4);
        assertThat(robust.provenance()).containsEntry("rangePercentile", 99.0);
    }

    @Test
    void logRatioIsLog10OfAOverBPerBucketAndMissingWhereNotPositive() {
        RunSeries[] ab = spiky();
        HeatmapFigure f = DiffHeatmapFigure.of(ab[0], ab[1], Measure.L2_ACTIVE, Aggregation.MEAN, DiffHeatmapFigure.Kind.LOG_RATIO, false);
        HeatmapSource.Plotted p = f.source().plot(BucketGrid.over(0, 999, 1000));
        double[][] a = ab[0].layerValues(Measure.L2_ACTIVE);
        for (int i : new int[]{0, 1, 500, 999}) {
            assertThat(p.values()[0][i]).isCloseTo(Math.log10(a[0][i] / 0.01), within(1e-12));
            assertThat(p.values()[1][i]).isCloseTo(Math.log10(a[1][i] / 0.2), within(1e-12));
        }
        assertThat(f.source().colorLabel()).startsWith("log₁₀(a / b) of ‖g ⊙ M‖₂");
        DiffHeatmapSource s = (DiffHeatmapSource) f.source();
        assertThat(s.combine(0, 1)).isNaN();
        assertThat(s.combine(1, -1)).isNaN();
    }

    @Test
    void measuresAreWrittenInProperNotation() {
        assertThat(Measure.L2_ACTIVE.shortLabel()).isEqualTo("‖g ⊙ M‖₂");
        assertThat(Measure.L1_ACTIVE.shortLabel()).isEqualTo("‖g ⊙ M‖₁");
        assertThat(SeriesNames.label(SeriesNames.EGF2)).isEqualTo("EGF₂");
        for (Measure m : Measure.values()) assertThat(m.axisLabel() + m.shortLabel()).doesNotContain("||", "(.)", "_2", "_1");
        for (String s : SeriesNames.all()) assertThat(SeriesNames.label(s)).doesNotContain("||", "_2", "_1");
    }
}
