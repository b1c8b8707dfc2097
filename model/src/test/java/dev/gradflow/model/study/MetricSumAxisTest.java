package dev.gradflow.model.study;

import dev.gradflow.model.study.StudyFigureData.Bands;
import dev.gradflow.model.study.StudyFigureData.Point;
import dev.gradflow.model.study.StudyFigureData.Selection;
import dev.gradflow.model.study.StudyFigureData.Series;
import dev.gradflow.model.study.StudyStore.StudyRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The metric figure's x axis can add several study axes ({@code l2+weightDecay}): the regularization study puts one
 * strength into L2 for Adam and into decoupled weight decay for AdamW, and both must share one x axis.
 */
class MetricSumAxisTest {
    static StudyRun run(long id, String type, double l2, double wd, double acc) {
        String config = "type=" + type + ",l2=" + l2 + ",weightDecay=" + wd;
        String json = "{\"optimizer.type\":\"" + type + "\",\"optimizer.l2\":" + l2 + ",\"optimizer.weightDecay\":" + wd + "}";
        return new StudyRun(id, "r" + id, "finished", null, null, config, json, null, id, null, acc, 1 - acc, 11,
                1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
    }

    @Test
    void strengthsInDifferentFieldsShareOneAxis() {
        List<StudyRun> runs = new ArrayList<>();
        long id = 1;
        for (double s : new double[]{0, 1e-3, 1e-2}) {
            runs.add(run(id++, "adam", s, 0, 0.80 - 5 * s));
            runs.add(run(id++, "adam", s, 0, 0.82 - 5 * s));
            runs.add(run(id++, "adamw", 0, s, 0.84 - s));
            runs.add(run(id++, "adamw", 0, s, 0.86 - s));
        }
        Bands b = StudyFigureData.metric(runs, "l2+weightDecay", List.of("test_accuracy"), Selection.all(), true);
        assertThat(b.panels()).hasSize(1);
        List<Series> series = b.panels().get(0).series();
        assertThat(series).extracting(Series::name).containsExactly("type=adam", "type=adamw");
        for (Series se : series) {
            assertThat(se.points()).hasSize(3);
            double[] xs = se.points().stream().mapToDouble(Point::x).toArray();
            assertThat(xs[0]).isCloseTo(1e-4, within(1e-15)); // 0 drawn a decade below the smallest strength
            assertThat(xs[1]).isCloseTo(1e-3, within(1e-15));
            assertThat(xs[2]).isCloseTo(1e-2, within(1e-15));
            double base = se.name().equals("type=adam") ? 0.81 : 0.85, slope = se.name().equals("type=adam") ? 5 : 1;
            assertThat(se.points().get(2).mean()).isCloseTo(base - slope * 1e-2, within(1e-12));
            assertThat(se.points().get(2).n()).isEqualTo(2);
        }
        assertThat(b.xLabel()).startsWith("l2 + weightDecay");
        assertThatThrownBy(() -> StudyFigureData.metric(runs, "l2+type", List.of("test_accuracy"), Selection.all(), true))
                .hasMessageContaining("non-numeric value 'adam'");
    }
}
