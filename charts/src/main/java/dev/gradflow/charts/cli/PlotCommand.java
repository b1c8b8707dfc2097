package dev.gradflow.charts.cli;

import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.ScsdcPoint;
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
import dev.gradflow.charts.style.Palette;
import dev.gradflow.charts.style.Theme;
import dev.gradflow.model.cli.OutputFile;
import dev.gradflow.model.cli.StoreOption;
import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw a figure of stored runs, headless; the format follows --out's extension (png, svg, pdf, csv).",
                "A provenance sidecar <out>.provenance.json names the runs, spec hashes and measure."})
public final class PlotCommand implements Callable<Integer> {
    enum Kind { heatmap, curves, panels, diff, scsdc, turnover, connectivity }

    enum Preset { single, doubleColumn, screen }

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run ids or unique names")
    List<String> runs;

    @Option(names = "--store", paramLabel = "FILE", description = "Run store. Default: ~/.gradflow/runs.db")
    Path store;

    @Option(names = "--figure", defaultValue = "heatmap", description = "heatmap, curves, panels, diff, scsdc, turnover or connectivity (default: ${DEFAULT-VALUE})")
    Kind figure;

    @Option(names = "--measure", defaultValue = "l2_active",
            description = "Per-layer measure for heatmaps: l1_active, l2_active, l1_all, l2_all, egf_contribution, update_ratio, weight_l2 (default: ${DEFAULT-VALUE})")
    String measure;

    @Option(names = "--series", split = ",", defaultValue = "loss,egf2",
            description = "Curves: comma-separated series, e.g. loss,egf1,egf2,gf2,eval_test_accuracy (default: ${DEFAULT-VALUE})")
    List<String> series;

    @Option(names = "--smoothing", defaultValue = "0.6", description = "Curves: EMA weight 0..0.999 over faint raw lines (default: ${DEFAULT-VALUE})")
    double smoothing;

    @Option(names = "--log-y", description = "Curves: log y axis")
    boolean logY;

    @Option(names = "--preset", defaultValue = "screen", description = "single (3.3 in), doubleColumn (6.9 in) or screen (default: ${DEFAULT-VALUE})")
    Preset preset;

    @Option(names = "--theme", defaultValue = "light", description = "light (print) or dark (slides)")
    String theme;

    @Option(names = "--palette", defaultValue = "viridis", description = "viridis, magma, cividis (sequential); rdbu, coolwarm (diverging)")
    String palette;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file: .png, .svg, .pdf or .csv")
    Path out;

    @Override
    public Integer call() throws Exception {
        String format = checkedFormat();
        Measure m = checkedMeasure();
        checkCurveOptions();
        FigureStyle style = new FigureStyle(checkedPalette(), checkedTheme(), switch (preset) {
            case single -> FigureSize.singleColumn();
            case doubleColumn -> FigureSize.doubleColumn();
            case screen -> FigureSize.free(1200, 700);
        });
        Path storePath = store != null ? store : Path.of(System.getProperty("user.home"), ".gradflow", "runs.db");
        if (!Files.exists(storePath)) throw new PlotException("no run store at " + storePath + " (pass --store FILE)");
        try (RunStore s = StoreOption.openForReading(storePath)) {
            List<RunSummary> summaries = new ArrayList<>();
            for (String r : runs) {
                summaries.add(s.find(r).orElseThrow(() -> new PlotException("no run '" + r + "' in " + storePath)));
            }
            if (figure == Kind.diff) {
                if (summaries.size() != 2) throw new PlotException("--figure diff needs exactly two runs (a minus b), got " + summaries.size());
                List<String> la = layerNames(s, summaries.get(0)), lb = layerNames(s, summaries.get(1));
                if (!la.equals(lb)) {
                    throw new PlotException("--figure diff needs two runs with the same layers; run " + summaries.get(0).id()
                            + " has " + la + ", run " + summaries.get(1).id() + " has " + lb + " (use --figure panels to compare them)");
                }
            }
            Figure fig;
            try {
                fig = switch (figure) {
                    case heatmap -> HeatmapFigure.of(load(s, one(summaries)), m).style(style);
                    case curves -> CurvesFigure.of(loadAll(s, summaries), series).smoothing(smoothing).logY(logY).style(style);
                    case panels -> PanelsFigure.of(loadAll(s, summaries), m).style(style);
                    case diff -> DiffHeatmapFigure.of(load(s, summaries.get(0)), load(s, summaries.get(1)), m).style(style);
                    case scsdc -> ScsdcFigure.of(scsdcPoints(s, summaries)).style(style);
                    case turnover, connectivity -> DynamicPlot.figure(figure.name(), s, one(summaries), style);
                };
            } catch (IllegalArgumentException e) {
                // the figures' preconditions on the data (no steps yet, no shared steps, ...)
                throw new PlotException("cannot draw --figure " + figure + " of run" + (summaries.size() == 1 ? " " : "s ")
                        + summaries.stream().map(r -> String.valueOf(r.id())).toList() + ": "
                        + Messages.shorten(String.valueOf(e.getMessage()), 200));
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("store", storePath.toAbsolutePath().toString());
            extra.put("runIds", summaries.stream().map(RunSummary::id).toList());
            Path sidecar = FigureExporter.provenancePath(out.toAbsolutePath());
            OutputFile.write(out, "--out", file -> {
                FigureExporter.export(fig, file, extra);
                Files.move(FigureExporter.provenancePath(file), sidecar, StandardCopyOption.REPLACE_EXISTING);
            });
            System.out.printf("wrote %s (%s %s, %d run%s)%n", out, figure, format, summaries.size(), summaries.size() == 1 ? "" : "s");
            return 0;
        }
    }

    private static List<String> layerNames(RunStore s, RunSummary r) {
        return s.layers(r.id()).stream().map(LayerInfo::name).toList();
    }

    /** --smoothing in range and every --series known (curves), so that nothing asked for is silently ignored. */
    private void checkCurveOptions() {
        if (!(smoothing >= 0 && smoothing <= 0.999)) {
            throw new PlotException("--smoothing " + smoothing + " is not allowed; expected an EMA weight from 0 (none) to 0.999");
        }
        List<String> known = SeriesNames.all();
        for (String name : series) {
            if (!known.contains(name)) {
                throw new PlotException("--series " + Messages.shorten(name, 60)
                        + " is not known; expected one of " + String.join(", ", known));
            }
        }
        if (series.isEmpty()) throw new PlotException("--series is empty; expected one of " + String.join(", ", known));
    }

    private RunSummary one(List<RunSummary> s) {
        if (s.size() != 1) throw new PlotException("--figure heatmap takes one run; use --figure panels for " + s.size());
        return s.get(0);
    }

    static RunSeries load(RunStore s, RunSummary r) {
        List<String> names = s.layers(r.id()).stream().map(LayerInfo::name).toList();
        RunSeries series = RunSeries.from(r.id() + " " + r.name(), names, s.steps(r.id(), 0, Integer.MAX_VALUE),
                s.evalPoints(r.id()), s.epochs(r.id()), s.maskEvents(r.id()));
        return series;
    }

    private static List<RunSeries> loadAll(RunStore s, List<RunSummary> rs) {
        return rs.stream().map(r -> load(s, r)).toList();
    }

    /** One point per run: group sparse/dense by density, x = active weights, y = final test accuracy. */
    static List<ScsdcPoint> scsdcPoints(RunStore s, List<RunSummary> rs) {
        List<ScsdcPoint> pts = new ArrayList<>();
        for (RunSummary r : rs) {
            if (r.finalTestAccuracy() == null) continue;
            long active = s.layers(r.id()).stream().mapToLong(LayerInfo::active).sum();
            pts.add(new ScsdcPoint(r.density() < 0.999 ? "sparse" : "dense", active, r.seed(), r.finalTestAccuracy()));
        }
        if (pts.isEmpty()) throw new PlotException("none of the runs has a final test accuracy yet");
        return pts;
    }

    private String checkedFormat() {
        try {
            return FigureExporter.format(out);
        } catch (IllegalArgumentException e) {
            throw new PlotException("--out " + out + ": " + e.getMessage());
        }
    }

    private Measure checkedMeasure() {
        try {
            return Measure.fromId(measure);
        } catch (IllegalArgumentException e) {
            throw new PlotException("--measure " + measure + " is not known; expected one of "
                    + Arrays.stream(Measure.values()).map(Measure::id).toList());
        }
    }

    private Palette checkedPalette() {
        if (!Palette.NAMES.contains(palette)) throw new PlotException("--palette " + palette + ": expected one of " + Palette.NAMES);
        return Palette.byName(palette);
    }

    private Theme checkedTheme() {
        if (!theme.equals("light") && !theme.equals("dark")) throw new PlotException("--theme " + theme + ": expected light or dark");
        return Theme.byName(theme);
    }

    /** A user mistake in plot's arguments. */
    public static final class PlotException extends RuntimeException {
        PlotException(String m) { super(m); }
    }
}
