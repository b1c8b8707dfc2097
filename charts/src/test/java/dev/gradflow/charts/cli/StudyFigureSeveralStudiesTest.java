package dev.gradflow.charts.cli;

import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.study.PlannedRun;
import dev.gradflow.model.study.StudyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gradflow.charts.cli.StudyFigureCommandTest.cli;
import static dev.gradflow.charts.cli.StudyFigureCommandTest.csv;
import static dev.gradflow.charts.cli.StudyFigureCommandTest.d;
import static dev.gradflow.charts.cli.StudyFigureCommandTest.kendallTauB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code study figure A B --kind correlations} (finding 4): the correlations of the runs of several studies pooled per
 * role, and per study and role, against textbook Kendall tau-b over the values written into the store.
 */
class StudyFigureSeveralStudiesTest {
    record Written(String study, String role, double egf2, double loss, double acc) {
    }

    @Test
    void correlationsPoolTheRunsOfSeveralStudiesPerRole(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("two.db");
        List<Written> written = new ArrayList<>();
        List<LayerInfo> layers = List.of(new LayerInfo(0, "dense1", "dense", new long[]{4, 3}, 12, 6));
        try (StudyStore st = StudyStore.open(db); RunStore rs = RunStore.open(db)) {
            for (String study : List.of("first", "second")) {
                long sid = st.ensureStudy(study, "scsdc", "{\"name\":\"" + study + "\"}");
                for (int s = 1; s <= 4; s++) {
                    for (String role : List.of("sparse", "dense")) {
                        int k = study.equals("first") ? s : 10 - s;
                        // egf2 the same at all 3 points: its run mean is the value itself
                        double egf2 = 0.1 * k + (role.equals("sparse") ? 0.05 * (s % 2) : 0.3);
                        double acc = 0.6 + 0.01 * ((k * 7) % 5) + (study.equals("second") ? 0.02 : 0);
                        double loss = 1.3 - acc + 0.001 * s;
                        String name = study + "/" + role + "/s" + s;
                        long id = rs.createRun(new NewRun(name, "{}", "h" + name, "blobs", "sgd", "relu", role.equals("sparse") ? 0.3 : 1, s, Map.of(), layers));
                        try (MetricsWriter mw = rs.writer(id)) {
                            for (int p = 0; p < 3; p++) {
                                mw.eval(new EvalPoint(p, 5L * p, 1, 1, 0.5, loss, acc, new NetworkFlow(5 * egf2, 2 * egf2, 3 * egf2, egf2, egf2 / 50, egf2 / 10), List.of()));
                            }
                        }
                        rs.finish(id, RunStatus.FINISHED, "ok");
                        st.link(sid, id, new PlannedRun(0, name, null, "h" + name, "type=sgd", "{\"optimizer.type\":\"sgd\"}", role, "p/s" + s, 8, s, 6));
                        written.add(new Written(study, role, egf2, loss, acc));
                    }
                }
            }
        }
        var r = cli("first", "second", "--store", db.toString(), "--kind", "correlations", "--groups", "both",
                "--out", tmp.resolve("c.png").toString(), "--csv");
        assertThat(r.code()).as(r.err()).isZero();
        int checked = 0;
        for (Map<String, String> row : csv(tmp.resolve("c.csv"))) {
            if (!row.get("measure").equals("egf2") || !row.get("coefficient").equals("kendall_tau_b")) continue;
            String group = row.get("group");
            List<Written> g = written.stream().filter(w -> group.equals(w.role() + " runs, all studies")
                    || group.equals(w.study() + " " + w.role())).toList();
            assertThat(g).as(group).isNotEmpty();
            double[] x = g.stream().mapToDouble(Written::egf2).toArray();
            double[] y = g.stream().mapToDouble(w -> row.get("target").equals("test_loss") ? w.loss() : w.acc()).toArray();
            assertThat(d(row, "value")).as(row.toString()).isCloseTo(kendallTauB(x, y), within(1e-12));
            assertThat(d(row, "n")).isEqualTo(g.size());
            checked++;
        }
        // 2 targets x (2 pooled groups + 2 studies x 2 roles)
        assertThat(checked).isEqualTo(2 * 6);

        var wrong = cli("first", "second", "--store", db.toString(), "--kind", "egf", "--out", tmp.resolve("e.png").toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err().strip().lines()).hasSize(1);
        assertThat(wrong.err()).contains("only go together in --kind correlations");
    }
}
