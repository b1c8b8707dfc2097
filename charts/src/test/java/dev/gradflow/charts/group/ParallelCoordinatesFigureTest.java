package dev.gradflow.charts.group;

import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.ParallelCoordinatesFigure;
import dev.gradflow.charts.figure.ParallelCoordinatesFigure.Axis;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Theme;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Parallel coordinates: polylines where the values put them (expected y computed here), brushing by range. */
class ParallelCoordinatesFigureTest {
    static final double[] DENSITY = {0.1, 0.5, 1.0, 0.3};
    static final String[] OPTIMIZER = {"adam", "sgd", "rmsprop", "momentum"};
    static final double[] ACC = {0.80, 0.86, 0.90, 0.83};
    static final double[] EGF = {0.004, 0.002, 0.011, 0.007};

    static ParallelCoordinatesFigure figure() {
        return ParallelCoordinatesFigure.of(List.of("#1", "#2", "#3", "#4"), List.of(
                Axis.numeric("density", DENSITY), Axis.categorical("optimizer", OPTIMIZER),
                Axis.numeric("test accuracy", ACC), Axis.numeric("mean EGF₂", EGF)))
                .style(FigureStyle.defaults().withSize(FigureSize.free(900, 520)));
    }

    static double min(double[] v) { double m = v[0]; for (double x : v) m = Math.min(m, x); return m; }

    static double max(double[] v) { double m = v[0]; for (double x : v) m = Math.max(m, x); return m; }

    /** Expected pixel row: linear from the axis bottom (smallest value) to its top (largest). */
    static double expectedY(double v, double lo, double hi, double top, double bottom) {
        return bottom - (v - lo) / (hi - lo) * (bottom - top);
    }

    static double dist(Color p, Color c) {
        double r = p.getRed() - c.getRed(), g = p.getGreen() - c.getGreen(), b = p.getBlue() - c.getBlue();
        return Math.sqrt(r * r + g * g + b * b);
    }

    /**
     * Whether the pixel is nearer to {@code c} than to any other colour the figure uses there (the other runs, the
     * antialiased grey of the axis line, the white background): lines are antialiased, so their pixels are mixtures.
     */
    static boolean near(int argb, Color c) {
        Color p = new Color(argb, true);
        List<Color> others = new java.util.ArrayList<>(List.of(Color.WHITE, new Color(169, 169, 169), Theme.LIGHT.axisLine()));
        for (int r = 0; r < 4; r++) if (!Theme.LIGHT.runColor(r).equals(c)) others.add(Theme.LIGHT.runColor(r));
        double d = dist(p, c);
        return others.stream().allMatch(o -> d < dist(p, o));
    }

    /** Whether a pixel within one row of (x, y) has the colour. */
    static boolean colourAround(BufferedImage img, double x, double y, Color c) {
        int px = (int) Math.round(x);
        for (int dy = -1; dy <= 1; dy++) {
            int py = (int) Math.round(y) + dy;
            if (near(img.getRGB(px, py), c)) return true; // the line centre may fall between two rows
        }
        return false;
    }

    @Test
    void polylinesCrossEachAxisAtTheRowOfTheirValue() {
        ParallelCoordinatesFigure f = figure();
        BufferedImage img = FigureExporter.render(f, 900, 520);
        ParallelCoordinatesFigure.Layout l = f.layout();
        assertThat(l.axisX()).hasSize(4);
        double[][] numeric = {DENSITY, null, ACC, EGF};
        // categories sorted: adam, momentum, rmsprop, sgd at 0..3
        List<String> sorted = List.of("adam", "momentum", "rmsprop", "sgd");
        for (int r = 0; r < 4; r++) {
            Color c = Theme.LIGHT.runColor(r);
            for (int a = 0; a < 4; a++) {
                double want = a == 1
                        ? expectedY(sorted.indexOf(OPTIMIZER[r]), 0, 3, l.top(), l.bottom())
                        : expectedY(numeric[a][r], min(numeric[a]), max(numeric[a]), l.top(), l.bottom());
                assertThat(f.y(a, a == 1 ? sorted.indexOf(OPTIMIZER[r]) : numeric[a][r])).isCloseTo(want, within(1e-9));
                assertThat(colourAround(img, l.axisX()[a], want, c)).as("run %d on axis %d at y %.1f", r, a, want).isTrue();
                assertThat(colourAround(img, l.axisX()[a], want + 9, c) && colourAround(img, l.axisX()[a], want - 9, c))
                        .as("run %d is a thin line, not a smear", r).isFalse();
            }
        }
        // the largest value sits at the top of the axis, the smallest at the bottom
        assertThat(f.y(0, 1.0)).isCloseTo(l.top(), within(1e-9));
        assertThat(f.y(0, 0.1)).isCloseTo(l.bottom(), within(1e-9));
        assertThat(f.valueAt(2, f.y(2, 0.86))).isCloseTo(0.86, within(1e-12));
    }

    @Test
    void brushingSelectsExactlyTheRunsInsideEveryRange() {
        ParallelCoordinatesFigure f = figure();
        assertThat(f.selected()).containsExactly(0, 1, 2, 3);
        f.brush(0, 0.5, 0.2); // density in [0.2, 0.5]: runs 2 (0.5) and 4 (0.3), inclusive ends
        assertThat(f.selected()).containsExactly(1, 3);
        f.brush(2, 0.84, 0.95); // and accuracy >= 0.84: only run 2
        assertThat(f.selected()).containsExactly(1);
        f.brush(1, 0.5, 1.5); // optimizer = momentum (index 1): none left
        assertThat(f.selected()).isEmpty();
        f.clearBrushes();
        f.brush(1, -0.5, 0.5); // adam
        assertThat(f.selected()).containsExactly(0);
    }

    @Test
    void csvListsEveryRunWithItsValuesAndSelection() throws Exception {
        ParallelCoordinatesFigure f = figure().brush(0, 0.4, 1.0);
        FigureExporter.render(f, 900, 520);
        StringWriter w = new StringWriter();
        f.csv().write(w);
        List<String> lines = w.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("run,density,optimizer,test accuracy,mean EGF₂,selected");
        assertThat(lines.get(2)).isEqualTo("#2,0.5,sgd,0.86,0.002,true");
        assertThat(lines.get(1)).endsWith(",false");
    }
}
