package dev.gradflow.model.study;

import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.spec.SpecException;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.store.FlowMeans;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import dev.gradflow.model.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 10, defect 5: one meaning of {@code evaluation.points} (P points, initialization and the end included, point k
 * after round(k T / (P - 1)) updates) and one run mean (the arithmetic mean over those P points) in the store, the
 * study report and every reader (docs/metrics.md).
 */
class EvaluationPointsAndRunMeanTest {
    static final String GRID = """
            { "name": "points",
              "base": { "dataset": { "id": "spirals", "examples": 200 },
                        "architecture": { "layers": [ { "width": 8 } ] },
                        "optimizer": { "type": "adam", "learningRate": 0.01 },
                        "training": { "batchSize": 32, "epochs": 2 },
                        "evaluation": { "points": 11, "examples": 40, "snapshots": false } },
              "axes": { "optimizer.type": ["adam"] },
              "seeds": [1] }
            """;

    @Test
    void pointsAreSpreadEvenlyWithInitializationAndEndIncluded() {
        assertThat(Trainer.evaluationSteps(11, 100)).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        assertThat(Trainer.evaluationSteps(2, 7)).containsExactly(0, 7);
        assertThat(Trainer.evaluationSteps(3, 14)).containsExactly(0, 7, 14);
        // fewer steps than intervals: points share steps, there are still P of them
        assertThat(Trainer.evaluationSteps(5, 2)).containsExactly(0, 1, 1, 2, 2);
    }

    @Test
    void fewerThanTwoPointsAreRejectedWithTheJsonPath() {
        SpecException e = catchThrowableOfType(() -> SpecIO.parse("{\"evaluation\": {\"points\": 1}}", "x.json"),
                SpecException.class);
        assertThat(e.problems()).extracting(dev.gradflow.model.spec.Problem::message)
                .containsExactly("evaluation.points: 1 is not allowed; expected an integer >= 2");
    }

    @Test
    void elevenPointsGiveElevenRowsAndTheStoreAndReportShareTheirMean(@TempDir Path dir) {
        Path db = dir.resolve("runs.db");
        StudyPlan plan = StudyPlan.of(StudyFile.parse(GRID, "points.json"));
        new StudyRunner(db, List.of()).run(plan, 1, new StudyRunner.Listener() { }, () -> false);

        long runId;
        double egf2Mean, egf1Mean, gf1Mean, egf2PaMean;
        try (RunStore store = RunStore.open(db)) {
            RunSummary run = store.listRuns().get(0);
            runId = run.id();
            List<EvalPoint> evals = store.evalPoints(runId);
            assertThat(evals).hasSize(11);
            long total = run.steps();
            assertThat(total).isEqualTo(10); // 160 training examples of 200 (spirals keeps 40 for test), batch 32, 2 epochs
            for (int k = 0; k < 11; k++) {
                assertThat(evals.get(k).index()).isEqualTo(k);
                assertThat(evals.get(k).step()).isEqualTo(Math.round(k * total / 10.0));
            }
            egf2Mean = evals.stream().mapToDouble(p -> p.flow().egf2()).sum() / 11;
            egf1Mean = evals.stream().mapToDouble(p -> p.flow().egf1()).sum() / 11;
            gf1Mean = evals.stream().mapToDouble(p -> p.flow().gf1()).sum() / 11;
            egf2PaMean = evals.stream().mapToDouble(p -> p.flow().egf2PerActive()).sum() / 11;
            assertThat(run.meanEgf2()).isCloseTo(egf2Mean, within(1e-12 * egf2Mean));
            FlowMeans m = store.flowMeans(runId);
            assertThat(m.points()).isEqualTo(11);
            assertThat(m.egf2()).isCloseTo(egf2Mean, within(1e-12 * egf2Mean));
            assertThat(m.egf1()).isCloseTo(egf1Mean, within(1e-12 * egf1Mean));
            assertThat(m.gf1()).isCloseTo(gf1Mean, within(1e-12 * gf1Mean));
            assertThat(m.egf2PerActive()).isCloseTo(egf2PaMean, within(1e-12 * egf2PaMean));
        }
        try (StudyStore s = StudyStore.open(db)) {
            var runs = s.runs(s.studies().get(0).id());
            StudyStore.StudyRun r = runs.get(0);
            assertThat(r.runId()).isEqualTo(runId);
            assertThat(r.evalPoints()).isEqualTo(11);
            assertThat(r.egf2()).isCloseTo(egf2Mean, within(1e-12 * egf2Mean));
            assertThat(r.egf1()).isCloseTo(egf1Mean, within(1e-12 * egf1Mean));
            Table summary = StudyReport.tables(runs).get(0);
            assertThat(summary.title()).contains("P = 11 evaluation points, initialization and end included");
            int col = summary.header().indexOf("EGF_2");
            assertThat(summary.rows().get(0).get(col)).isEqualTo(StudyReport.f(egf2Mean));
        }
    }
}
