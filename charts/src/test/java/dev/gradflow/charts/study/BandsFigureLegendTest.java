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
        assertThat(f.legendText("type=adam,learningRate=0.001,l2=0.1,augmentation=none")).isEqualTo("l2=0.1,augmentation=none (n = 3)");
        assertThat(f.csv().rows()).extracting(row -> row[1]).contains("type=adam,learningRate=0.001,l2=0.1,augmentation=none");
    }

    @Test
    void namesThatAreNotConfigurationsOrWouldBecomeEmptyStayWhole() {
        assertThat(figure("sparse", "dense").commonParts()).isEmpty();
        assertThat(figure("type=adam", "type=adam,batchNorm=true").commonParts()).isEmpty();
        assertThat(figure("type=adam,l2=0").commonParts()).isEmpty();
        assertThat(figure("type=adam,l2=0").legendText("type=adam,l2=0")).isEqualTo("type=adam,l2=0 (n = 3)");
    }
}
