package dev.gradflow.charts.layout;

import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.study.BandsFigure;
import dev.gradflow.charts.study.CorrelationFigure;
import dev.gradflow.charts.study.PValueFigure;
import dev.gradflow.charts.study.StudyFigures;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.study.Stats;
import dev.gradflow.model.study.StudyFigureData.Bands;
import dev.gradflow.model.study.StudyFigureData.Panel;
import dev.gradflow.model.study.StudyFigureData.Point;
import dev.gradflow.model.study.StudyFigureData.Series;
import dev.gradflow.model.study.StudyReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Study figures of the shape the shipped studies give (8 configurations x 2 widths, 11 points, ...), seeded. */
final class StudyFigureFixtures {
    private StudyFigureFixtures() {
    }

    static final String[] OPT = {"sgd", "momentum", "adagrad", "adam"};

    static List<String> configs() {
        List<String> out = new ArrayList<>();
        for (String o : OPT) for (String bn : new String[]{"false", "true"}) out.add("type=" + o + ",batchNorm=" + bn);
        return out;
    }

    static Point point(Random r, double x, double mean, double p, double ph) {
        double sd = 0.02 + 0.02 * r.nextDouble(), h = 4.303 * sd / Math.sqrt(3);
        return new Point(x, 3, mean, sd, mean - h, mean + h, p, ph, Double.isNaN(p) ? 0 : 3);
    }

    static Figure figure(String kind, FigureStyle st) {
        Random r = new Random(11);
        Figure f = switch (kind) {
            case "study-scsdc" -> {
                List<Panel> panels = new ArrayList<>();
                for (String c : configs()) {
                    List<Series> s = new ArrayList<>();
                    for (String role : List.of("sparse", "dense")) {
                        s.add(new Series(role, List.of(point(r, 32, 0.6 + 0.2 * r.nextDouble(), 0.0123, 0.11),
                                point(r, 64, 0.6 + 0.2 * r.nextDouble(), 0.0004, 0.049))));
                    }
                    panels.add(new Panel(c, s));
                }
                Map<Double, String> ticks = new LinkedHashMap<>(Map.of(32.0, "32", 64.0, "64"));
                yield BandsFigure.of(new Bands("scsdc", "SC-SDC: final test accuracy against dense width, mean over seeds, 95% t band; p: paired t, one-sided, Holm over 16 cells",
                        "dense width", "test accuracy", false, false, panels, ticks, "paired t, one-sided, Holm over 16 cells", true));
            }
            case "study-egf" -> {
                List<Panel> panels = new ArrayList<>();
                for (String role : List.of("sparse", "dense")) {
                    for (int w : new int[]{32, 64}) {
                        List<Series> s = new ArrayList<>();
                        for (String c : List.of("type=adam,batchNorm=false", "type=adam,batchNorm=true")) {
                            List<Point> pts = new ArrayList<>();
                            for (int k = 0; k <= 10; k++) pts.add(point(r, 94.0 * k / 10, Math.exp(r.nextGaussian()), Double.NaN, Double.NaN));
                            s.add(new Series(c, pts));
                        }
                        panels.add(new Panel(role + ", dense width " + w, s));
                    }
                }
                yield BandsFigure.of(new Bands("egf", "EGF₂ over training: mean over seeds, 95% t band", "training step", "EGF₂",
                        false, true, panels, Map.of(), "", true));
            }
            case "study-metric" -> {
                List<Panel> panels = new ArrayList<>();
                for (String m : List.of("final test accuracy", "EGF₂ (run mean)")) {
                    List<Series> s = new ArrayList<>();
                    for (String o : List.of("type=sgd", "type=adam", "type=adamw", "type=rmsprop")) {
                        List<Point> pts = new ArrayList<>();
                        for (double x : new double[]{1e-6, 1e-5, 1e-4, 1e-3}) pts.add(point(r, x, 0.5 + 0.3 * r.nextDouble(), Double.NaN, Double.NaN));
                        s.add(new Series(o, pts));
                    }
                    panels.add(new Panel(m, s));
                }
                Map<Double, String> ticks = new LinkedHashMap<>();
                ticks.put(1e-6, "0");
                ticks.put(1e-5, "1e-5");
                ticks.put(1e-4, "0.0001");
                ticks.put(1e-3, "0.001");
                yield BandsFigure.of(new Bands("metric", "test accuracy, EGF₂ against l2: mean over seeds, 95% t band",
                        "l2 (log scale; 0 drawn at 1e-6)", "value", true, false, panels, ticks, "", false));
            }
            case "study-pvalues" -> {
                List<StudyReport.PairedCell> cells = new ArrayList<>();
                for (String c : configs()) {
                    for (int w : new int[]{32, 64}) {
                        double p = Math.pow(10, -4 * r.nextDouble());
                        String[] parts = c.split(",");
                        cells.add(new StudyReport.PairedCell(c, parts[0].substring(5), parts[1], w, 3,
                                new Stats.Summary(3, 0.01, 0.02, -0.03, 0.05), new Stats.Test(2.1, p, Stats.Method.ASYMPTOTIC),
                                new Stats.Test(6, 0.125, Stats.Method.EXACT), Math.min(1, 16 * p), 1));
                    }
                }
                yield PValueFigure.of(cells, 16, "test_accuracy", false, false);
            }
            case "study-correlations" -> {
                List<StudyReport.Correlation> rows = new ArrayList<>();
                for (String g : List.of("sparse runs", "dense runs")) {
                    for (String m : StudyReport.MEASURES) {
                        rows.add(new StudyReport.Correlation(g, m, 48, test(r), test(r), test(r), test(r)));
                    }
                }
                yield CorrelationFigure.of(rows, CorrelationFigure.TARGETS);
            }
            default -> throw new IllegalArgumentException(kind);
        };
        f = StudyFigures.withStyle(f, st);
        return StudyFigures.withStyle(f, st.withSize(StudyFigures.size(st.size(), f)));
    }

    static Stats.Test test(Random r) {
        return new Stats.Test(2 * r.nextDouble() - 1, r.nextDouble() * 0.2, Stats.Method.ASYMPTOTIC);
    }
}
