package dev.gradflow.charts.bench;

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
import dev.gradflow.charts.style.Palette;
import dev.gradflow.charts.style.Theme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes sample figures from synthetic data: {@code SampleFigures [outDir]} (default /tmp/charts-look). */
public final class SampleFigures {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "/tmp/charts-look");
        Files.createDirectories(out);
        RunSeries dense = SyntheticRuns.run("dense", 5, 20_000, 1.0, 1);
        RunSeries sparse = SyntheticRuns.run("sparse 90%", 5, 20_000, 3.0, 2);
        RunSeries sparseBn = SyntheticRuns.run("sparse 90% + BN", 5, 15_000, 0.3, 3);
        FigureStyle screen = FigureStyle.defaults();
        FigureStyle single = FigureStyle.paper(FigureSize.singleColumn());
        FigureStyle dbl = FigureStyle.paper(FigureSize.doubleColumn());

        Map<String, Figure> figs = new LinkedHashMap<>();
        figs.put("heatmap", HeatmapFigure.of(sparse, Measure.L2_ACTIVE).style(screen));
        figs.put("heatmap-single", HeatmapFigure.of(sparse, Measure.L2_ACTIVE).style(single));
        figs.put("heatmap-dark", HeatmapFigure.of(sparse, Measure.EGF_CONTRIBUTION)
                .style(screen.withTheme(Theme.DARK).withPalette(Palette.magma())));
        figs.put("curves", CurvesFigure.of(List.of(dense, sparse, sparseBn), SeriesNames.LOSS).smoothing(0.9).logY(true).style(screen));
        figs.put("curves-egf", CurvesFigure.of(List.of(dense, sparse), SeriesNames.EGF2, SeriesNames.GF2).smoothing(0.8).logY(true).style(dbl));
        figs.put("curves-acc", CurvesFigure.of(List.of(dense, sparse, sparseBn), SeriesNames.EVAL_TEST_ACCURACY).style(single));
        figs.put("panels", PanelsFigure.of(List.of(dense, sparse, sparseBn), Measure.L2_ACTIVE).style(screen.withSize(FigureSize.free(1200, 760))));
        figs.put("diff", DiffHeatmapFigure.of(sparse, dense, Measure.L2_ACTIVE).style(screen));
        figs.put("scsdc", ScsdcFigure.of(SyntheticRuns.scsdc(7)).style(single));
        for (var e : figs.entrySet()) {
            FigureExporter.export(e.getValue(), out.resolve(e.getKey() + ".png"));
            FigureExporter.export(e.getValue(), out.resolve(e.getKey() + ".csv"));
        }
        FigureExporter.export(figs.get("heatmap-single"), out.resolve("heatmap-single.pdf"));
        FigureExporter.export(figs.get("heatmap-single"), out.resolve("heatmap-single.svg"));
        FigureExporter.export(figs.get("curves-egf"), out.resolve("curves-egf.pdf"));
        FigureExporter.export(figs.get("scsdc"), out.resolve("scsdc.pdf"));
        System.out.println("wrote samples to " + out);
    }
}
