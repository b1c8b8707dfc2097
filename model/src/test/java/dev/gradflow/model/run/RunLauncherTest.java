package dev.gradflow.model.run;

import dev.gradflow.model.data.DataException;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.RunStatus;
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
import dev.gradflow.model.store.Snapshot;
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
        DatasetSpec data = new DatasetSpec(DatasetSpec.DatasetId.SPIRALS, null, null, null, null, 200, 0.1, 3, 0.2, null);
        return new ExperimentSpec(ExperimentSpec.CURRENT_VERSION, "spirals-e2e", "", 3L, data,
                new ArchitectureSpec(ArchitectureSpec.Type.MLP, List.of(LayerSpec.of(16, Activation.RELU))),
                new SparsitySpec(0.5, SparsitySpec.Distribution.UNIFORM, null, false, false), null,
                OptimizerSpec.of(OptimizerSpec.Type.ADAM, 0.01), new TrainingSpec(32, 2, 1),
                new EvaluationSpec(3, null, 64, true));
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
        DatasetSpec idx = new DatasetSpec(DatasetSpec.DatasetId.IDX, dir.resolve("no-such-folder").toString(), null, null,
                null, null, null, null, null, null);
        ExperimentSpec spec = new ExperimentSpec(ExperimentSpec.CURRENT_VERSION, "missing-data", null, 1L, idx, null, null, null, null, null, null);
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            RunLauncher launcher = new RunLauncher(store, List.of());
            assertThatThrownBy(() -> launcher.run(spec, new TrainingObserver() { }, () -> false))
                    .isInstanceOf(DataException.class).hasMessageContaining("does not exist");
            assertThat(store.listRuns()).isEmpty();
        }
    }
}
