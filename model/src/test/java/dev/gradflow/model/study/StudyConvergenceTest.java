package dev.gradflow.model.study;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.study.StudyStore.StudyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The convergence table of `study report` against values worked out by hand, and through a real store and the CSV
 * rendering, parsed back.
 */
class StudyConvergenceTest {
    static final double[][] LOSSES = {
            {0.70, 0.50, 0.40, 0.45}, // lowest at epoch 3, then rises
            {0.80, 0.60, 0.50, 0.48}, // still improving at epoch 4
    };

    static StudyRun run(long id, String status) {
        return new StudyRun(id, "r" + id, status, "run", null, "type=sgd", "{\"optimizer.type\":\"sgd\"}", null, id, null,
                0.8, 0.4, 11, 1.0, 1.0, 1.0, 1.0, 0.1, 0.1);
    }

    static List<EpochRecord> epochs(double[] losses) {
        return java.util.stream.IntStream.range(0, losses.length)
                .mapToObj(e -> new EpochRecord(e, 100L * (e + 1), 0.3, 0.9, losses[e], 0.8, 1.0)).toList();
    }

    @Test
    void meanCurveItsLastChangeMinimumAndRunsStillImproving() {
        // the third run did not finish: it is left out
        Table t = StudyConvergence.table(List.of(run(1, "finished"), run(2, "finished"), run(3, "failed")),
                id -> id == 3 ? epochs(new double[]{9, 9, 9, 9}) : epochs(LOSSES[(int) id - 1]));
        assertThat(t.rows()).hasSize(1);
        List<String> row = t.rows().get(0);
        // mean curve: 0.75, 0.55, 0.45, 0.465; last three shown; (0.465 - 0.45) / 0.45 = +3.3 %; minimum at epoch 3;
        // run 2's lowest is at its last epoch, run 1's is not. Trend over the last k = max(3, ceil(4/3)) = 3 epochs,
        // least-squares slope / mean (scipy.stats.linregress): run 1 -0.025 / 0.45 = -5.556 %, run 2 -0.06 / 0.52667 =
        // -11.392 %; mean -8.474, 95 % t interval (t 12.706, 1 df) [-45.556, +28.608]: the seeds cannot resolve a trend
        assertThat(row).containsExactly("type=sgd", "run", "", "2", "4", "0.5500 / 0.4500 / 0.4650", "+3.3 %", "3", "1/2",
                "-8.47 [-45.56, +28.61]", "flat");
    }

    @Test
    void groupsUseTheEpochsAllTheirRunsHave() {
        Table t = StudyConvergence.table(List.of(run(1, "finished"), run(2, "finished")),
                id -> id == 1 ? epochs(new double[]{0.9, 0.5}) : epochs(new double[]{0.7, 0.6, 0.2}));
        // two epochs in common: mean 0.8, 0.55 (-31.25 %), minimum at 2, both runs lowest at epoch 2 of the two
        // and too few epochs (< 3) for a trend
        assertThat(t.rows().get(0)).containsExactly("type=sgd", "run", "", "2", "2", "0.8000 / 0.5500", "-31.3 %", "2", "2/2", "-", "-");
    }

    @Test
    void trendOverTheLastThirdSaysFallingWhenTheSeedsAgreeAndGivesNoVerdictForOneRun() {
        double[][] curves = {
                {0.9, 0.7, 0.6, 0.55, 0.5, 0.47, 0.45, 0.44, 0.43, 0.42, 0.41, 0.40},
                {0.95, 0.72, 0.61, 0.56, 0.52, 0.48, 0.46, 0.45, 0.44, 0.425, 0.415, 0.41},
                {0.85, 0.69, 0.59, 0.54, 0.50, 0.47, 0.45, 0.445, 0.43, 0.415, 0.41, 0.395}};
        Table t = StudyConvergence.table(List.of(run(1, "finished"), run(2, "finished"), run(3, "finished")),
                id -> epochs(curves[(int) id - 1]));
        // last k = 4 of 12 epochs; SciPy: relative slopes -2.4096, -2.3669, -2.6667 % per epoch, mean -2.4811,
        // 95 % t interval [-2.8839, -2.0782]: below 0, so still falling
        List<String> row = t.rows().get(0);
        assertThat(row.subList(row.size() - 2, row.size())).containsExactly("-2.48 [-2.88, -2.08]", "falling");
        // rising curves: the sign flips
        double[][] up = new double[3][];
        for (int i = 0; i < 3; i++) {
            up[i] = curves[i].clone();
            for (int e = 8; e < 12; e++) up[i][e] = curves[i][8] + (curves[i][8] - curves[i][e]);
        }
        row = StudyConvergence.table(List.of(run(1, "finished"), run(2, "finished"), run(3, "finished")),
                id -> epochs(up[(int) id - 1])).rows().get(0);
        assertThat(row.get(row.size() - 1)).isEqualTo("rising");
        // one run: the slope, no interval, no verdict
        row = StudyConvergence.table(List.of(run(1, "finished")), id -> epochs(curves[0])).rows().get(0);
        assertThat(row.subList(row.size() - 2, row.size())).containsExactly("-2.41", "-");
    }

    @Test
    void theStudyReportOfAStoreEndsWithTheTableAndItsCsvParses(@TempDir Path dir) {
        Path db = dir.resolve("runs.db");
        List<LayerInfo> layers = List.of(new LayerInfo(0, "dense1", "dense", new long[]{4, 3}, 12, 6));
        try (StudyStore st = StudyStore.open(db); RunStore rs = RunStore.open(db)) {
            long study = st.ensureStudy("conv", "grid", "{\"name\":\"conv\"}");
            for (int s = 0; s < 2; s++) {
                String name = "conv/type=sgd/s" + (s + 1);
                long id = rs.createRun(new NewRun(name, "{}", "h" + s, "blobs", "sgd", "relu", 0.5, s + 1, Map.of(), layers));
                try (MetricsWriter w = rs.writer(id)) {
                    for (EpochRecord e : epochs(LOSSES[s])) w.epoch(e);
                }
                rs.finish(id, RunStatus.FINISHED, "ok");
                st.link(study, id, new PlannedRun(s, name, null, "h" + s, "type=sgd", "{\"optimizer.type\":\"sgd\"}",
                        "run", null, null, s + 1, 6));
            }
        }
        try (StudyStore st = StudyStore.openReadOnly(db)) {
            long id = st.resolve("conv");
            var tables = StudyReportTest.parseCsv(StudyReport.render(StudyReport.tables(st, id), "csv"));
            List<List<String>> rows = StudyReportTest.table(tables, StudyConvergence.TITLE);
            assertThat(rows.get(0)).containsExactly("config", "role", "dense width", "n", "epochs", "test loss, last three epochs",
                    "change in last epoch", "epoch of minimum", "still improving", "slope, last third (% per epoch) [95% CI]", "trend");
            assertThat(rows.get(1)).containsExactly("type=sgd", "run", "", "2", "4", "0.5500 / 0.4500 / 0.4650", "+3.3 %", "3", "1/2",
                    "-8.47 [-45.56, +28.61]", "flat");
        }
    }
}
