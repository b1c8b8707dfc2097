package dev.gradflow.charts.layout;

import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.study.PValueFigure;
import dev.gradflow.charts.study.StudyFigures;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.study.Stats;
import dev.gradflow.model.study.StudyReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SC-SDC p-value heatmap with the row labels of a real study ("momentum, learningRate=0.1, batchNorm=false"): at
 * every export preset each label is shown whole (wrapped after a comma where it does not fit on one line), never cut
 * with "…" (the single-column figure of the BatchNorm study showed "momentum, learningRate=0.1,bat…").
 */
class PValueLabelsTest {
    static Stream<FigureSize> presets() {
        return Stream.of(FigureSize.singleColumn(), FigureSize.doubleColumn(), FigureSize.free(1200, 700));
    }

    static Figure figure(FigureStyle st) {
        List<StudyReport.PairedCell> cells = new ArrayList<>();
        String[][] opt = {{"sgd", "0.1"}, {"momentum", "0.1"}, {"adagrad", "0.1"}, {"adam", "0.001"}};
        for (String[] o : opt) {
            for (String bn : new String[]{"false", "true"}) {
                String config = "type=" + o[0] + ",learningRate=" + o[1] + ",batchNorm=" + bn;
                cells.add(new StudyReport.PairedCell(config, o[0], "learningRate=" + o[1] + ",batchNorm=" + bn, 64, 5,
                        new Stats.Summary(5, 0.01, 0.02, -0.03, 0.05), new Stats.Test(2.1, 0.003, Stats.Method.ASYMPTOTIC),
                        new Stats.Test(6, 0.03125, Stats.Method.EXACT), 0.024, 0.25));
            }
        }
        Figure f = StudyFigures.withStyle(PValueFigure.of(cells, 8, "test_accuracy", false, false), st);
        return StudyFigures.withStyle(f, st.withSize(StudyFigures.size(st.size(), f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyRowLabelIsShownWhole(FigureSize preset) throws Exception {
        Figure f = figure(FigureStyle.paper(preset));
        FigureSize size = f.style().size();
        SvgTextBoxes.Parsed p = SvgTextBoxes.parse(FigureExporter.toSvg(f, size.widthPt(), size.heightPt()));
        assertThat(p.boxes()).extracting(SvgTextBoxes.Box::text).noneMatch(t -> t.contains("…"));
        assertThat(SvgTextBoxes.problems(p, 0.25)).isEmpty();
        // every part of every label is drawn, in the row's order: "momentum," then "learningRate=0.1," then "batchNorm=false"
        String all = String.join(" ", p.boxes().stream().map(SvgTextBoxes.Box::text).toList());
        for (String o : List.of("sgd", "momentum", "adagrad", "adam")) {
            String lr = o.equals("adam") ? "0.001" : "0.1";
            for (String bn : List.of("false", "true")) {
                assertThat(all).contains(o + ", learningRate=" + lr + ", batchNorm=" + bn);
            }
        }
        if (preset.isPaper()) assertThat(p.boxes()).allSatisfy(b -> assertThat(b.size()).isGreaterThanOrEqualTo(6f));
    }
}
