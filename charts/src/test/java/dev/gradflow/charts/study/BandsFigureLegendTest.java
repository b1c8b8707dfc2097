package dev.gradflow.charts.study;

import dev.gradflow.model.study.StudyFigureData.Bands;
import dev.gradflow.model.study.StudyFigureData.Panel;
import dev.gradflow.model.study.StudyFigureData.Point;
import dev.gradflow.model.study.StudyFigureData.Series;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The legend of a study figure states the configuration parts all its series share once, not on every line. */
class BandsFigureLegendTest {
    static BandsFigure figure(String... names) {
        List<Series> series = java.util.Arrays.stream(names)
                .map(n -> new Series(n, List.of(new Point(1, 3, 0.5, 0.1, 0.3, 0.7, Double.NaN, Double.NaN, 0)))).toList();
        return BandsFigure.of(new Bands("epochs", "t", "epoch", "test loss", false, false, List.of(new Panel("all runs", series)),
                Map.of(), "", true));
    }

    @Test
    void partsEverySeriesSharesLeaveTheLinesAndTheCsvKeepsFullNames() {
        BandsFigure f = figure("type=adam,learningRate=0.001,l2=0,augmentation=none", "type=adam,learningRate=0.001,l2=0.1,augmentation=none",
                "type=adam,learningRate=0.001,l2=0,augmentation=shift");
        assertThat(f.commonParts()).containsExactly("type=adam", "learningRate=0.001");
        assertThat(f.legendText("type=adam,learningRate=0.001,l2=0.1,augmentation=none", f.commonParts())).isEqualTo("l2=0.1,augmentation=none (n = 3)");
        assertThat(f.csv().rows()).extracting(row -> row[1]).contains("type=adam,learningRate=0.001,l2=0.1,augmentation=none");
    }

    @Test
    void namesThatAreNotConfigurationsOrWouldBecomeEmptyStayWhole() {
        assertThat(figure("sparse", "dense").commonParts()).isEmpty();
        assertThat(figure("type=adam", "type=adam,batchNorm=true").commonParts()).isEmpty();
        assertThat(figure("type=adam,l2=0").commonParts()).isEmpty();
        BandsFigure one = figure("type=adam,l2=0");
        assertThat(one.legendText("type=adam,l2=0", one.commonParts())).isEqualTo("type=adam,l2=0 (n = 3)");
    }

    @Test
    void aLongLegendShrinksItsFontToLeaveTheFigureMostOfItsHeight() {
        java.util.List<FigureLayout.Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            items.add(new FigureLayout.Item(java.awt.Color.BLUE, "type=rmsprop,learningRate=0.001,l2=1.0E-4,weightDecay=0,augmentation=none" + i + " (n = 5)", false));
        }
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(800, 340, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g2 = img.createGraphics();
        dev.gradflow.charts.style.FigureStyle style = dev.gradflow.charts.style.FigureStyle.defaults();
        double h = FigureLayout.legend(g2, new java.awt.geom.Rectangle2D.Double(0, 0, 800, 340), items, style);
        // one item per line at the style's font would take 24 lines, most of the 340 px
        assertThat(h).isGreaterThan(0).isLessThanOrEqualTo(FigureLayout.LEGEND_SHARE * 340);
        // a short legend keeps its font: the same height whatever the figure's height
        double small = FigureLayout.legend(g2, new java.awt.geom.Rectangle2D.Double(0, 0, 800, 340), items.subList(0, 2), style);
        double tall = FigureLayout.legend(g2, new java.awt.geom.Rectangle2D.Double(0, 0, 800, 3400), items.subList(0, 2), style);
        assertThat(small).isEqualTo(tall);
        g2.dispose();
    }
}
