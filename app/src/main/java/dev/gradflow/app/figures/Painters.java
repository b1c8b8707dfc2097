package dev.gradflow.app.figures;

import dev.gradflow.charts.figure.BandCurvesFigure;
import dev.gradflow.charts.figure.ChartStyler;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.figure.CurvesFigure;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.style.FigureStyle;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.PaintScaleLegend;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/** Painters for the charts module's figures: they draw the figure's JFreeChart and report its data area. */
public final class Painters {
    private Painters() {
    }

    public static Painter of(HeatmapFigure f) {
        return (g2, area) -> draw(f.createChart(f.colorScale()), g2, area);
    }

    public static Painter of(CurvesFigure f) {
        return (g2, area) -> draw(f.createChart(), g2, area);
    }

    public static Painter of(BandCurvesFigure f) {
        return (g2, area) -> draw(f.createChart(), g2, area);
    }

    /** A vertical colour bar alone (the shared scale of several heatmaps). */
    public static Painter colorBar(ColorScale scale, String label, FigureStyle style) {
        return (g2, area) -> {
            g2.setPaint(style.theme().background());
            g2.fill(area);
            PaintScaleLegend bar = ChartStyler.colorBar(scale, label, style);
            bar.draw(g2, area);
            return PlotLayout.NONE;
        };
    }

    public static PlotLayout draw(JFreeChart chart, Graphics2D g2, Rectangle2D area) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g2, area, null, info);
        Rectangle2D data = info.getPlotInfo().getDataArea();
        if (!(chart.getPlot() instanceof XYPlot p)) return PlotLayout.NONE;
        return new PlotLayout((Rectangle2D) data.clone(), p.getDomainAxis().getLowerBound(), p.getDomainAxis().getUpperBound(),
                p.getRangeAxis().getLowerBound(), p.getRangeAxis().getUpperBound());
    }
}
