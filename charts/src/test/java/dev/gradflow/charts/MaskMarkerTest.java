package dev.gradflow.charts;

import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.metrics.MaskEvent;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MaskMarkerTest {

    /** Counts pixels in the row through the middle of the image whose colour is not the body's (constant) colour. */
    private static int markerPixels(HeatmapFigure f) {
        BufferedImage img = FigureExporter.render(f, 800, 400);
        int y = img.getHeight() / 2;
        // body colour: a pixel well inside the plot, away from the marker at 50%
        int body = img.getRGB(img.getWidth() / 4, y);
        int count = 0;
        for (int x = img.getWidth() * 2 / 5; x < img.getWidth() * 3 / 5; x++) {
            if (img.getRGB(x, y) != body) count++;
        }
        return count;
    }

    @Test
    void maskChangeEventsAreDrawnOverTheHeatmapBody() {
        RunSeries base = FiguresTest.layered();
        RunSeries withEvent = RunSeries.builder("pruned", base.layerNames(), base.steps())
                .layerValues(Measure.L2_ACTIVE, base.layerValues(Measure.L2_ACTIVE))
                .maskEvents(List.of(new MaskEvent(2500, 1, "hidden", 1.0, 0.5))).build();
        int without = markerPixels(HeatmapFigure.of(base, Measure.L2_ACTIVE).style(FigureStyle.defaults()));
        int with = markerPixels(HeatmapFigure.of(withEvent, Measure.L2_ACTIVE).style(FigureStyle.defaults()));
        assertThat(without).as("a constant layer has one colour").isZero();
        assertThat(with).as("the marker at step 2500 shows in the middle of the body").isGreaterThan(0);
    }
}
