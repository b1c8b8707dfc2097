package dev.gradflow.app.design;

import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.ScheduleSpec;
import dev.gradflow.model.spec.SparsitySpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The training-regime rows and the density preview of the design form (view model only, plain JUnit). */
class TrainingRegimeFormTest {
    private final DesignViewModel vm = new DesignViewModel(s -> { });

    @Test
    void regimeFieldsGoIntoTheSpec() {
        vm.optimizerProperty().set(OptimizerSpec.Type.MOMENTUM);
        vm.momentumProperty().set("0.8");
        vm.scheduleProperty().set(ScheduleSpec.Type.COSINE);
        vm.warmupProperty().set("50");
        vm.minLrProperty().set("0.0001");
        vm.l2Property().set("0.0005");
        vm.weightDecayProperty().set("0.001");
        vm.logEveryProperty().set("5");
        assertThat(vm.problems()).isEmpty();
        OptimizerSpec o = vm.spec().optimizer();
        assertThat(o.momentum()).isEqualTo(0.8);
        assertThat(o.schedule().type()).isEqualTo(ScheduleSpec.Type.COSINE);
        assertThat(o.schedule().warmupSteps()).isEqualTo(50);
        assertThat(o.schedule().minLearningRate()).isEqualTo(0.0001);
        assertThat(o.l2()).isEqualTo(0.0005);
        assertThat(o.weightDecay()).isEqualTo(0.001);
        assertThat(vm.spec().training().logEvery()).isEqualTo(5);
    }

    @Test
    void engineValidatorMarksTheRegimeFieldItConcerns() {
        vm.beta1Property().set("1.5");
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_BETA1);
        assertThat(vm.canTrainProperty().get()).isFalse();
        vm.beta1Property().set("0.9");
        vm.scheduleProperty().set(ScheduleSpec.Type.COSINE);
        vm.minLrProperty().set("1");
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_MIN_LR);
        vm.minLrProperty().set("0");
        vm.logEveryProperty().set("0");
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_LOG_EVERY);
    }

    @Test
    void unparsableRegimeNumberIsAProblemOnItsField() {
        vm.warmupProperty().set("soon");
        assertThat(vm.fieldProblems().get(DesignViewModel.F_WARMUP)).contains("'soon'");
        assertThat(vm.spec()).isNull();
    }

    @Test
    void loadedRegimeShowsInTheFields() {
        var s = Presets.quickDemo();
        var o = s.optimizer();
        vm.load(s.withName("x"));
        assertThat(vm.beta2Property().get()).isEqualTo("0.999");
        assertThat(vm.scheduleProperty().get()).isEqualTo(o.schedule().type());
        assertThat(vm.logEveryProperty().get()).isEqualTo(String.valueOf(s.training().logEvery()));
    }

    @Test
    void switchingToAdamwProposesItsDefaultDecay() {
        vm.optimizerProperty().set(OptimizerSpec.Type.ADAM);
        vm.weightDecayProperty().set("0");
        vm.optimizerProperty().set(OptimizerSpec.Type.ADAMW);
        assertThat(vm.weightDecayProperty().get()).isEqualTo("0.01");
        assertThat(DesignViewModel.usesBetas(OptimizerSpec.Type.ADAMW)).isTrue();
        assertThat(DesignViewModel.usesMomentum(OptimizerSpec.Type.ADAMW)).isFalse();
    }

    @Test
    void densityBarsPreviewTheDistributionBeforeTraining() {
        vm.densityProperty().set(0.1);
        vm.distributionProperty().set(SparsitySpec.Distribution.UNIFORM);
        assertThat(vm.layerSummary()).allSatisfy(l -> assertThat(l.density()).isEqualTo(0.1));
        vm.distributionProperty().set(SparsitySpec.Distribution.ERK);
        // ERK keeps the small output layer denser than the wide first layer
        assertThat(vm.layerSummary().get(vm.layerSummary().size() - 1).density())
                .isGreaterThan(vm.layerSummary().get(0).density());
    }

    @Test
    void userFolderBecomesAnIdxDatasetWithItsPath() {
        vm.datasetPathProperty().set("/data/my-idx");
        vm.datasetProperty().set(DatasetId.IDX);
        // the spec is valid; the folder's absence is listed before Train
        assertThat(vm.problems()).containsExactly("dataset: idx: folder /data/my-idx does not exist");
        assertThat(vm.spec().dataset().path()).isEqualTo("/data/my-idx");
        assertThat(new DatasetChoice(DatasetId.IDX, "/data/my-idx").label()).isEqualTo("idx: my-idx (folder)");
    }

    @Test
    void bundledSamplePreviewHasTenFashionImages() {
        DatasetPreview p = DatasetPreview.load(DatasetId.FASHION_MNIST_SAMPLE, null);
        assertThat(p.isImages()).isTrue();
        assertThat(p.images()).hasSize(DatasetPreview.IMAGES);
        assertThat(p.width()).isEqualTo(28);
        for (float v : p.images().get(0)) assertThat(v).isBetween(0f, 1f);
    }

    @Test
    void syntheticPreviewIsAScatterWithClasses() {
        DatasetPreview p = DatasetPreview.load(DatasetId.SPIRALS, null);
        assertThat(p.isImages()).isFalse();
        assertThat(p.xs()).isNotEmpty();
        for (int c : p.classes()) assertThat(c).isBetween(0, p.numClasses() - 1);
    }
}
