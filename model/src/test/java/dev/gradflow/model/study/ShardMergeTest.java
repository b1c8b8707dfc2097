package dev.gradflow.model.study;

import dev.gradflow.model.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Trains a tiny SC-SDC study whole and in two shards, merges the shards, and compares (spirals, seconds). */
class ShardMergeTest {
    static final String GRID = """
            { "name": "tiny",
              "base": { "dataset": { "id": "spirals", "examples": 200 },
                        "architecture": { "layers": [ { "width": 12 } ] },
                        "optimizer": { "type": "adam", "learningRate": 0.01 },
                        "training": { "batchSize": 32, "epochs": 1 },
                        "evaluation": { "points": 2, "examples": 40, "snapshots": false } },
              "axes": { "optimizer.type": ["sgd", "adam"] },
              "seeds": [1, 2],
              "scsdc": { "denseWidths": [6] } }
            """;

    @Test
    void unionOfShardsEqualsUnshardedSweepAndResumeSkipsDoneRuns(@TempDir Path dir) {
        StudyPlan plan = StudyPlan.of(StudyFile.parse(GRID, "tiny.json"));
        assertThat(plan.runs()).hasSize(8);
        Path whole = dir.resolve("whole.db"), a = dir.resolve("a.db"), b = dir.resolve("b.db"), all = dir.resolve("all.db");
        var runner = new StudyRunner(whole, List.of());
        var r1 = runner.run(plan, 1, new StudyRunner.Listener() { }, () -> false);
        assertThat(r1.trained()).isEqualTo(8);
        var again = runner.run(plan, 1, new StudyRunner.Listener() { }, () -> false);
        assertThat(again.trained()).isZero();
        assertThat(again.skipped()).isEqualTo(8);

        new StudyRunner(a, List.of()).run(plan.shard(0, 2), 1, new StudyRunner.Listener() { }, () -> false);
        new StudyRunner(b, List.of()).run(plan.shard(1, 2), 1, new StudyRunner.Listener() { }, () -> false);
        var report = StoreMerger.merge(List.of(a, b), all);
        assertThat(report.copied()).isEqualTo(8);
        assertThat(report.conflicts()).isZero();
        var again2 = StoreMerger.merge(List.of(a), all);
        assertThat(again2.copied()).isZero();
        assertThat(again2.duplicates()).isEqualTo(4);

        assertThat(summary(all)).isEqualTo(summary(whole));
        try (StudyStore s = StudyStore.open(all)) {
            assertThat(s.studies()).hasSize(1);
            var runs = s.runs(s.studies().get(0).id());
            assertThat(runs).hasSize(8);
            assertThat(runs).allMatch(r -> r.egf2() != null && r.testAccuracy() != null);
            List<Table> tables = StudyReport.tables(runs);
            assertThat(StudyReport.render(tables, "latex")).contains("\\begin{tabular}");
            assertThat(tables.get(1).rows()).extracting(row -> row.get(0)).containsExactly("sgd", "adam");
        }
        try (RunStore s = RunStore.open(all)) {
            assertThat(s.steps(s.listRuns().get(0).id(), 0, 1000)).isNotEmpty();
        }
    }

    /** spec hash + final accuracy of every run: deterministic training makes these equal. */
    static Set<String> summary(Path store) {
        try (StudyStore s = StudyStore.open(store)) {
            return s.runs(s.studies().get(0).id()).stream()
                    .map(r -> r.name() + " " + r.role() + " " + r.testAccuracy() + " " + r.egf2())
                    .collect(Collectors.toSet());
        }
    }
}
