package dev.gradflow.model.run;

import dev.gradflow.model.data.DataException;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.EvaluationSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.SparsitySpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.spec.TrainingSpec;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.train.TrainingObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLauncherTest {
    private static ExperimentSpec spirals() {
        DatasetSpec data = DatasetSpec.builder(DatasetSpec.DatasetId.SPIRALS).examples(200).noise(0.1).classes(3)
                .testFraction(0.2).build();
        return ExperimentSpec.defaults().withName("spirals-e2e").withSeed(3L).withDataset(data)
                .withArchitecture(ArchitectureSpec.mlp(List.of(LayerSpec.of(16, Activation.RELU))))
                .withSparsity(SparsitySpec.uniform(0.5))
                .withOptimizer(OptimizerSpec.of(OptimizerSpec.Type.ADAM, 0.01))
                .withTraining(TrainingSpec.defaults().withBatchSize(32).withEpochs(2).withLogEvery(1))
                .withEvaluation(EvaluationSpec.defaults().withPoints(3).withExamples(64).withSnapshots(true));
    }

    @Test
    void runIsStoredWithEverythingItProduced(@TempDir Path dir) {
        ExperimentSpec spec = spirals();
        List<StepRecord> seen = new ArrayList<>();
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            RunLauncher launcher = new RunLauncher(store, List.of());
            RunResult result = launcher.run(spec, new TrainingObserver() {
                @Override public void step(StepRecord r) { seen.add(r); }
            }, () -> false);

            long id = result.runId();
            long steps = result.outcome().steps();
            assertThat(result.outcome().status()).isEqualTo(RunStatus.FINISHED);
            assertThat(steps).isEqualTo(2 * 5); // 160 training examples in batches of 32, 2 epochs
            var summary = store.run(id).orElseThrow();
            assertThat(summary.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(summary.name()).isEqualTo("spirals-e2e");
            assertThat(summary.density()).isBetween(0.49, 0.51);
            assertThat(store.stepCount(id)).isEqualTo(steps);
            assertThat(store.steps(id, 0, 1000)).hasSize((int) steps).isEqualTo(seen);

            List<EvalPoint> evals = store.evalPoints(id);
            assertThat(evals).hasSize(3); // evaluation.points 3: at 0%, 50% and 100% of training
            assertThat(evals.get(0).index()).isZero();
            assertThat(evals.get(0).step()).isZero();
            assertThat(evals.get(1).step()).isEqualTo(steps / 2);
            assertThat(evals.get(2).step()).isEqualTo(steps);
            assertThat(store.epochs(id)).hasSize(2);
            assertThat(store.snapshots(id)).extracting(Snapshot::label).containsExactly("init", "eval01", "final");
            assertThat(store.snapshots(id).get(0).step()).isZero();
            assertThat(store.snapshots(id).get(2).step()).isEqualTo(steps);

            var provenance = store.provenance(id);
            assertThat(provenance.get("dataset.checksum")).isNotBlank();
            assertThat(provenance.get("dl4j.version")).isNotBlank();
            assertThat(provenance.get("spec.sha256")).isEqualTo(SpecIO.hash(spec));
            assertThat(SpecIO.parse(store.specJson(id), "stored")).isEqualTo(spec);
        }
    }

    @Test
    void runWhoseDataCannotBeLoadedCreatesNoRun(@TempDir Path dir) {
        DatasetSpec idx = DatasetSpec.builder(DatasetSpec.DatasetId.IDX).path(dir.resolve("no-such-folder").toString()).build();
        ExperimentSpec spec = ExperimentSpec.defaults().withName("missing-data").withSeed(1L).withDataset(idx);
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            RunLauncher launcher = new RunLauncher(store, List.of());
            assertThatThrownBy(() -> launcher.run(spec, new TrainingObserver() { }, () -> false))
                    .isInstanceOf(DataException.class).hasMessageContaining("does not exist");
            assertThat(store.listRuns()).isEmpty();
        }
    }
}
