package dev.gradflow.charts.study;

import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.study.StudyException;
import dev.gradflow.model.study.StudyFigureData;
import dev.gradflow.model.study.StudyFigureData.Selection;
import dev.gradflow.model.study.StudyStore;
import dev.gradflow.model.study.StudyStore.StudyRun;

import java.util.List;

/**
 * Builds the study figures (docs/studies.md, "Figures") from a study in a store: one entry point for
 * {@code gradflow study figure} and the workbench's Studies page.
 */
public final class StudyFigures {
    private StudyFigures() {
    }

    /** The figure kinds, in the order the CLI and the workbench offer them. */
    public enum Kind {
        egf("EGF over training"), epochs("test loss per epoch"), scsdc("SC-SDC against width"), pvalues("p-value table"),
        correlations("correlation bars"), metric("value against an axis");

        private final String label;

        Kind(String label) { this.label = label; }

        public String label() { return label; }

        /** The measure a kind shows when none is given. */
        public String defaultMeasure() {
            return switch (this) {
                case egf -> "egf2";
                case epochs -> "test_loss";
                case scsdc, pvalues -> "test_accuracy";
                case correlations -> "";
                case metric -> "test_accuracy,egf2";
            };
        }
    }

    /** Correlation groups: the pooled ones, the per-configuration ones, or both. */
    public enum Groups { pooled, configs, both }

    /**
     * What to draw. {@code measure}: egf an evaluation-point column ({@link StudyStore#EVAL_COLUMNS}), epochs
     * {@code test_loss} or {@code test_accuracy} after each epoch ({@link StudyFigureData#EPOCH_MEASURES}), scsdc and
     * pvalues {@code test_accuracy} or {@code test_loss}, metric a comma-separated list of {@link
     * StudyFigureData#RUN_MEASURES}; null or blank = the kind's default. {@code axis}: metric's x axis (a study axis).
     */
    public record Options(Kind kind, String measure, Selection selection, boolean xPoints, boolean logY, boolean logX,
                          String axis, boolean wilcoxon, boolean adjusted, Groups groups, List<String> targets) {
        public static Options of(Kind kind) {
            return new Options(kind, null, Selection.all(), false, false, true, null, false, false, Groups.pooled,
                    CorrelationFigure.TARGETS);
        }

        public Options withMeasure(String m) { return new Options(kind, m, selection, xPoints, logY, logX, axis, wilcoxon, adjusted, groups, targets); }

        public Options withAxis(String a) { return new Options(kind, measure, selection, xPoints, logY, logX, a, wilcoxon, adjusted, groups, targets); }

        public Options withSelection(Selection s) { return new Options(kind, measure, s, xPoints, logY, logX, axis, wilcoxon, adjusted, groups, targets); }

        String measureOrDefault() { return measure == null || measure.isBlank() ? kind.defaultMeasure() : measure; }
    }

    /**
     * The figure of {@code runs} (a study's runs, {@link StudyStore#runs}); {@code store} is read for the
     * evaluation-point series of {@code egf}. A choice that does not fit the study is a {@link StudyException}.
     */
    public static Figure build(StudyStore store, List<StudyRun> runs, Options o, FigureStyle style) {
        String m = o.measureOrDefault();
        return switch (o.kind()) {
            case egf -> BandsFigure.of(StudyFigureData.egf(store, runs, m, o.selection(), o.xPoints(), o.logY())).style(style);
            case epochs -> BandsFigure.of(StudyFigureData.epochCurves(store, runs, m, o.selection(), o.logY())).style(style);
            case scsdc -> BandsFigure.of(StudyFigureData.scsdc(runs, m, o.wilcoxon(), o.selection())).style(style);
            case pvalues -> PValueFigure.of(StudyFigureData.pvalues(runs, m, o.selection()), StudyFigureData.pairedFamily(runs, m), m,
                    o.wilcoxon(), o.adjusted()).style(style);
            case correlations -> CorrelationFigure.of(StudyFigureData.correlations(runs, o.groups() != Groups.configs,
                    o.groups() != Groups.pooled, o.selection()), o.targets()).style(style);
            case metric -> {
                String axis = o.axis() != null ? o.axis() : defaultAxis(runs);
                yield BandsFigure.of(StudyFigureData.metric(runs, axis, List.of(m.split(",")).stream().map(String::trim)
                        .filter(s -> !s.isEmpty()).toList(), o.selection(), o.logX())).style(style);
            }
        };
    }

    /** The first axis of the study whose values are all numbers (metric's default x), else a StudyException. */
    static String defaultAxis(List<StudyRun> runs) {
        List<String> axes = StudyFigureData.numericAxes(runs);
        if (axes.isEmpty()) throw new StudyException("--kind metric needs a study axis with numeric values (--axis PATH); this study has none");
        return axes.get(0);
    }

    /**
     * The size of a study figure at a preset: the preset's width, and a height that gives each row of panels about
     * 1.5 in at paper sizes (the preset's height when the panels fit into it).
     */
    public static FigureSize size(FigureSize preset, Figure f) {
        int panels = panels(f);
        if (!preset.isPaper() || panels <= 2) return preset;
        double cellW = preset.widthPt() / (preset.widthPt() < 300 ? 2 : 3);
        int cols = (int) Math.max(1, Math.round(preset.widthPt() / cellW));
        int rows = (panels + cols - 1) / cols;
        double h = 0.9 * 72 + rows * 1.5 * 72;
        return preset.withHeight(Math.max(preset.heightPt(), h));
    }

    static int panels(Figure f) {
        if (f instanceof BandsFigure b) return b.data().panels().size();
        if (f instanceof CorrelationFigure c) return c.groups().size() * 2;
        if (f instanceof PValueFigure p) return Math.max(1, p.rows().size() / 4);
        return 1;
    }

    /** The figure again with a style: every study figure takes one. */
    public static Figure withStyle(Figure f, FigureStyle s) {
        if (f instanceof BandsFigure b) return b.style(s);
        if (f instanceof CorrelationFigure c) return c.style(s);
        if (f instanceof PValueFigure p) return p.style(s);
        return f;
    }
}
