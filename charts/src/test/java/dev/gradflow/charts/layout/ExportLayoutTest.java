package dev.gradflow.charts.layout;

import dev.gradflow.charts.bench.SyntheticRuns;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.CurvesFigure;
import dev.gradflow.charts.figure.DiffHeatmapFigure;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.figure.PanelsFigure;
import dev.gradflow.charts.figure.ScsdcFigure;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lays out every figure at every export preset and checks, from the SVG alone ({@link SvgTextBoxes}), that no two
 * labels overlap, none is clipped or off the canvas, and no word is split across lines (issue 14: single-column
 * titles wrapped mid-word, axis labels overlapped titles and were clipped to "training ste"). PNG and PDF are drawn by
 * the same code with the same font metrics; {@code PdfExportTest} checks the PDF side.
 */
class ExportLayoutTest {
    static final RunSeries A = SyntheticRuns.run("1 quick-demo", 3, 1400, 3.0, 1);
    static final RunSeries B = SyntheticRuns.run("2 quick-demo density=1.0", 3, 1400, 1.0, 2);
    static final RunSeries DEEP = SyntheticRuns.run("3 cifar10-paper-cnn", 9, 800, 1.0, 3);

    static final dev.gradflow.charts.data.RunGroup GROUP_A = dev.gradflow.charts.data.RunGroup.of("quick-demo", List.of(
            SyntheticRuns.run("1 quick-demo", 3, 600, 3.0, 1), SyntheticRuns.run("5 quick-demo", 3, 600, 3.0, 5),
            SyntheticRuns.run("6 quick-demo", 3, 600, 3.0, 6)));
    static final dev.gradflow.charts.data.RunGroup GROUP_B = dev.gradflow.charts.data.RunGroup.of("quick-demo density=1.0", List.of(
            SyntheticRuns.run("2 dense", 3, 600, 1.0, 2), SyntheticRuns.run("7 dense", 3, 600, 1.0, 7)));

    static List<FigureSize> presets() {
        return List.of(FigureSize.singleColumn(), FigureSize.doubleColumn(), FigureSize.free(1200, 700));
    }

    static final List<String> KINDS = List.of("heatmap", "heatmap-deep", "curves", "curves-one", "panels", "panels-three", "diff", "scsdc",
            "connectivity", "parallel", "band-curves", "panels-groups",
            "study-scsdc", "study-egf", "study-metric", "study-pvalues", "study-correlations");

    /** Eleven first-layer connectivity images (init, nine evaluation points, final) of a 28 x 28 input, seeded. */
    static List<dev.gradflow.charts.dynamic.Connectivity> connectivity() {
        java.util.Random r = new java.util.Random(3);
        List<dev.gradflow.charts.dynamic.Connectivity> out = new ArrayList<>();
        for (int k = 0; k <= 10; k++) {
            int[] degree = new int[28 * 28];
            for (int i = 0; i < degree.length; i++) degree[i] = r.nextInt(30);
            String label = k == 0 ? "init" : k == 10 ? "final" : String.format("eval%02d", k);
            out.add(new dev.gradflow.charts.dynamic.Connectivity(label, k * 141L, 28, 300, degree));
        }
        return out;
    }

    static Figure figure(String kind, FigureStyle st) {
        return switch (kind) {
            case "heatmap" -> HeatmapFigure.of(A, Measure.EGF_CONTRIBUTION).style(st);
            case "heatmap-deep" -> HeatmapFigure.of(DEEP, Measure.UPDATE_RATIO).style(st);
            case "curves" -> CurvesFigure.of(List.of(A, B), SeriesNames.LOSS, SeriesNames.EGF2).smoothing(0.6).logY(true).style(st);
            case "curves-one" -> CurvesFigure.of(List.of(A), SeriesNames.EVAL_TEST_ACCURACY).style(st);
            case "panels" -> PanelsFigure.of(List.of(A, B), Measure.L2_ACTIVE).style(st);
            case "panels-three" -> PanelsFigure.of(List.of(A, B, SyntheticRuns.run("4 sparse + BN", 3, 1000, 0.3, 4)), Measure.L1_ACTIVE).style(st);
            case "diff" -> DiffHeatmapFigure.of(A, B, Measure.L2_ACTIVE).style(st);
            case "scsdc" -> ScsdcFigure.of(SyntheticRuns.scsdc(7)).style(st);
            case "connectivity" -> dev.gradflow.charts.dynamic.ConnectivityFigure.of(connectivity(), "25 rigl/s1").style(st);
            case "parallel" -> dev.gradflow.charts.figure.ParallelCoordinatesFigure.of(
                    List.of("#1", "#2", "#3", "#4", "#5", "#6"), List.of(
                            dev.gradflow.charts.figure.ParallelCoordinatesFigure.Axis.numeric("density", new double[]{0.05, 0.1, 0.2, 0.05, 0.1, 0.2}),
                            dev.gradflow.charts.figure.ParallelCoordinatesFigure.Axis.categorical("optimizer", new String[]{"adam", "adam", "adam", "sgd", "sgd", "sgd"}),
                            dev.gradflow.charts.figure.ParallelCoordinatesFigure.Axis.numeric("learning rate", new double[]{0.001, 0.001, 0.001, 0.1, 0.1, 0.1}),
                            dev.gradflow.charts.figure.ParallelCoordinatesFigure.Axis.numeric("test accuracy", new double[]{0.81, 0.83, 0.85, 0.78, 0.8, 0.84}),
                            dev.gradflow.charts.figure.ParallelCoordinatesFigure.Axis.numeric("test loss", new double[]{0.52, 0.48, 0.44, 0.6, 0.55, 0.46}),
                            dev.gradflow.charts.figure.ParallelCoordinatesFigure.Axis.numeric("mean EGF₂", new double[]{0.0031, 0.0042, 0.0055, 0.0012, 0.0019, 0.0027})))
                    .brush(3, 0.82, 0.9).style(st);
            case "band-curves" -> dev.gradflow.charts.figure.BandCurvesFigure.of(List.of(GROUP_A, GROUP_B), SeriesNames.LOSS).smoothing(0.6).style(st);
            case "panels-groups" -> PanelsFigure.ofGroups(List.of(GROUP_A, GROUP_B), Measure.L2_ACTIVE).style(st);
            // study figures size their height to their panels (StudyFigures.size), as `gradflow study figure` does
            default -> StudyFigureFixtures.figure(kind, st);
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (FigureSize p : presets()) for (String k : KINDS) out.add(Arguments.of(k, p));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("cases")
    void everyLabelIsWholeInsideTheCanvasAndOverlapsNoOther(String kind, FigureSize preset) throws Exception {
        FigureStyle st = FigureStyle.paper(preset);
        Figure f = figure(kind, st);
        FigureSize size = f.style().size(); // the preset's, or taller for study figures with many panels
        SvgTextBoxes.Parsed p = SvgTextBoxes.parse(FigureExporter.toSvg(f, size.widthPt(), size.heightPt()));
        assertThat(p.boxes()).as("text elements").hasSizeGreaterThan(5);
        assertThat(SvgTextBoxes.problems(p, 0.25)).as(kind + " at " + preset.name()).isEmpty();

        // no word split across lines: every word-like token also occurs in a roomy rendering of the same figure
        Figure big = figure(kind, st.withSize(FigureSize.free(2600, 1800)));
        SvgTextBoxes.Parsed roomy = SvgTextBoxes.parse(FigureExporter.toSvg(big, 2600, 1800));
        Set<String> known = new HashSet<>();
        roomy.boxes().forEach(b -> known.addAll(tokens(b.text())));
        for (Measure m : Measure.values()) {
            known.addAll(tokens(m.axisLabel()));
            known.addAll(tokens(m.shortLabel()));
        }
        for (String s : SeriesNames.all()) {
            known.addAll(tokens(SeriesNames.label(s)));
            known.addAll(tokens(SeriesNames.shortLabel(s)));
        }
        List<String> split = new ArrayList<>();
        for (SvgTextBoxes.Box b : p.boxes()) {
            for (String t : tokens(b.text())) if (!known.contains(t) && !t.matches("[-+−0-9.,eEkM×^⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")) split.add(t + " in '" + b.text() + "'");
        }
        assertThat(split).as("words cut by wrapping").isEmpty();
        // paper text stays readable: nothing below 6 pt
        if (preset.isPaper()) assertThat(p.boxes()).allSatisfy(b -> assertThat(b.size()).isGreaterThanOrEqualTo(6f));
    }

    static List<String> tokens(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
    }
}
