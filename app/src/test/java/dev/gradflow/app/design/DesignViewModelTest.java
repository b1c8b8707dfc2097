package dev.gradflow.app.design;

import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.train.NetworkSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DesignViewModelTest {
    private final List<ExperimentSpec> trained = new ArrayList<>();
    private final DesignViewModel vm = new DesignViewModel(trained::add);

    @Test
    void quickDemoPresetIsValidAndTrainable() {
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.canTrainProperty().get()).isTrue();
        assertThat(SpecIO.problems(vm.spec())).isEmpty();
    }

    @Test
    void summaryCountsWeightsAndActiveWeightsOfASparseMlp() {
        vm.load(Presets.quickDemo());
        // 784*256 + 256*128 + 128*10 weights, 10% of each active
        long total = 784 * 256 + 256 * 128 + 128 * 10;
        NetworkSummary s = NetworkSummary.of(vm.spec());
        assertThat(s.weights()).isEqualTo(total);
        assertThat(s.active()).isEqualTo(Math.round(0.1 * 784 * 256) + Math.round(0.1 * 256 * 128) + 128);
        assertThat(DesignViewModel.flopsPerExample(s)).isEqualTo(2 * s.active());
        assertThat(vm.summaryProperty().get()).contains(String.format("%,d", total));
    }

    @Test
    void summaryUpdatesWhenALayerIsEdited() {
        String before = vm.summaryProperty().get();
        vm.layers().get(0).widthProperty().set(512);
        assertThat(vm.summaryProperty().get()).isNotEqualTo(before);
        assertThat(vm.spec().architecture().layers().get(0).width()).isEqualTo(512);
    }

    @Test
    void switchingOptimizerGivesTheNewTypesTorchDefaultsUnlessTheUserTypedAValue() {
        vm.load(Presets.quickDemo());
        vm.optimizerProperty().set(dev.gradflow.model.spec.OptimizerSpec.Type.RMSPROP);
        assertThat(vm.spec().optimizer().rmsDecay()).isEqualTo(0.99);
        assertThat(vm.spec().optimizer().epsilon()).isEqualTo(1e-8);
        vm.optimizerProperty().set(dev.gradflow.model.spec.OptimizerSpec.Type.ADAGRAD);
        assertThat(vm.spec().optimizer().epsilon()).isEqualTo(1e-10);
        vm.optimizerProperty().set(dev.gradflow.model.spec.OptimizerSpec.Type.ADAMW);
        assertThat(vm.spec().optimizer().epsilon()).isEqualTo(1e-8);
        assertThat(vm.spec().optimizer().weightDecay()).isEqualTo(0.01);
        vm.epsilonProperty().set("1e-3");
        vm.optimizerProperty().set(dev.gradflow.model.spec.OptimizerSpec.Type.ADAGRAD);
        assertThat(vm.spec().optimizer().epsilon()).isEqualTo(1e-3);
        assertThat(vm.spec().optimizer().weightDecay()).isEqualTo(0.0);
    }

    @Test
    void unparsableLearningRateBlocksTrainingAndNamesTheField() {
        vm.learningRateProperty().set("fast");
        assertThat(vm.canTrainProperty().get()).isFalse();
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_LR);
        assertThat(vm.trainHintProperty().get()).contains("learning rate");
        vm.train();
        assertThat(trained).isEmpty();
    }

    @Test
    void engineValidatorProblemsAreAttachedToTheirFields() {
        vm.epochsProperty().set("0");
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_EPOCHS);
        assertThat(vm.problems()).anyMatch(p -> p.contains("training.epochs"));
        vm.epochsProperty().set("2");
        assertThat(vm.problems()).isEmpty();
    }

    @Test
    void parseErrorsAndEngineProblemsAreReportedTogether() {
        vm.epochsProperty().set("zero");
        vm.learningRateProperty().set("-1");
        assertThat(vm.fieldProblems()).containsKeys(DesignViewModel.F_EPOCHS, DesignViewModel.F_LR);
        assertThat(vm.spec()).isNull();
    }

    @Test
    void trainingIsBlockedWhileTheEngineIsNotAllowed() {
        vm.trainingAllowedProperty().set(false);
        assertThat(vm.canTrainProperty().get()).isFalse();
        assertThat(vm.trainHintProperty().get()).contains("engine");
    }

    @Test
    void layersCanBeAddedRemovedAndMoved() {
        vm.load(Presets.tinySpirals());
        vm.addLayer();
        assertThat(vm.layers()).hasSize(3);
        vm.layers().get(2).activationProperty().set(Activation.TANH);
        assertThat(vm.moveLayer(2, -1)).isEqualTo(1);
        assertThat(vm.spec().architecture().layers().get(1).activation()).isEqualTo(Activation.TANH);
        vm.removeLayer(0);
        assertThat(vm.spec().architecture().layers()).hasSize(2);
    }

    @Test
    void syntheticDatasetUsesExamplesAsGeneratedCount() {
        vm.datasetProperty().set(DatasetId.SPIRALS);
        vm.examplesProperty().set("500");
        assertThat(vm.spec().dataset().examples()).isEqualTo(500);
        assertThat(NetworkSummary.of(vm.spec()).inputShape()).containsExactly(2);
    }

    @Test
    void trainHandsTheValidSpecToTheTrainAction() {
        vm.train();
        assertThat(trained).containsExactly(vm.spec());
    }

    @Test
    void loadingAndRebuildingKeepsFieldsTheFormDoesNotShow() {
        ExperimentSpec s = Presets.batchNorm();
        vm.load(s);
        assertThat(SpecIO.toJson(vm.spec())).isEqualTo(SpecIO.toJson(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cifar10-paper-cnn.json", "residual-mlp-batchnorm.json", "cifar10-wide-resnet-small.json",
            "fmnist-gradual-pruning.json", "srelu-mlp.json", "fmnist-mlp-shift-augmentation.json"})
    void loadingAnExampleSpecAndRebuildingItChangesNothing(String file) throws Exception {
        // The form shows only part of a spec (e.g. no conv blocks, no pruning): the rest must survive a rebuild,
        // or pressing Train after opening a CNN spec would train something else.
        ExperimentSpec s = SpecIO.read(java.nio.file.Path.of("..", "sample-data", "specs", file));
        vm.load(s);
        assertThat(SpecIO.toJson(vm.spec())).isEqualTo(SpecIO.toJson(s));
    }

    @Test
    void everyBuiltInPresetIsValid() {
        for (Presets.Preset p : Presets.all()) {
            assertThat(SpecIO.problems(p.spec())).as(p.title()).isEmpty();
        }
    }

    @Test
    void designErrorsNameTheTableRowNotTheZeroBasedJsonIndex() {
        vm.layers().get(0).widthProperty().set(0);
        assertThat(vm.problems()).anyMatch(p -> p.startsWith("layer row 1, width"));
        assertThat(vm.problems()).noneMatch(p -> p.contains("layers[0]"));
        assertThat(DesignViewModel.rowNumbered("architecture.blocks[2].kernel: 0 is not allowed"))
                .isEqualTo("block row 3, kernel: 0 is not allowed");
    }

    @Test
    void invalidValuesDoNotFeedTheSummary() {
        vm.densityProperty().set(2.0);
        assertThat(vm.problems()).isNotEmpty();
        assertThat(vm.summaryProperty().get()).doesNotContain("200").contains("fix the problems");
        assertThat(vm.layerSummary()).isEmpty();
        vm.densityProperty().set(0.5);
        assertThat(vm.summaryProperty().get()).contains("50.0%");
    }

    @Test
    void aMissingDatasetIsAProblemBeforeTrainAndTheDescriptionIsShown() throws Exception {
        String json = java.nio.file.Files.readString(java.nio.file.Path.of("..", "sample-data", "specs", "cifar10-paper-cnn.json"))
                .replace("/path/to/cifar-10-batches-bin", "/nonexistent/cifar10");
        ExperimentSpec cnn = SpecIO.parse(json, "cnn");
        vm.load(cnn);
        assertThat(vm.descriptionProperty().get()).isEqualTo(cnn.description()).isNotEmpty();
        assertThat(vm.problems()).anyMatch(p -> p.startsWith("dataset: cifar10: folder /nonexistent/cifar10 does not exist"));
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_DATASET);
        assertThat(vm.canTrainProperty().get()).isFalse();
        assertThat(vm.trainHintProperty().get()).contains("Cannot train").contains("cifar10");
        vm.train();
        assertThat(trained).isEmpty();
    }

    @Test
    void newRunsAreNamedByWhatDiffersFromTheirOriginUntilTheUserTypesAName() {
        vm.load(Presets.quickDemo());
        assertThat(vm.nameProperty().get()).isEqualTo("quick-demo");
        vm.densityProperty().set(1.0);
        assertThat(vm.nameProperty().get()).isEqualTo("quick-demo density=1.0");
        assertThat(vm.spec().name()).isEqualTo("quick-demo density=1.0");
        vm.learningRateProperty().set("0.01");
        assertThat(vm.nameProperty().get()).isEqualTo("quick-demo density=1.0 lr=0.01");
        vm.densityProperty().set(0.1);
        vm.learningRateProperty().set("0.001");
        assertThat(vm.nameProperty().get()).isEqualTo("quick-demo");
        vm.nameProperty().set("my dense run");
        vm.densityProperty().set(1.0);
        assertThat(vm.nameProperty().get()).isEqualTo("my dense run");
        assertThat(vm.spec().name()).isEqualTo("my dense run");
    }

    @Test
    void epsilonIsOnlyOfferedForOptimizersThatHaveOne() {
        assertThat(DesignViewModel.usesEpsilon(dev.gradflow.model.spec.OptimizerSpec.Type.MOMENTUM)).isFalse();
        assertThat(DesignViewModel.usesEpsilon(dev.gradflow.model.spec.OptimizerSpec.Type.SGD)).isFalse();
        assertThat(DesignViewModel.usesEpsilon(dev.gradflow.model.spec.OptimizerSpec.Type.NESTEROV)).isFalse();
        assertThat(DesignViewModel.usesEpsilon(dev.gradflow.model.spec.OptimizerSpec.Type.ADAM)).isTrue();
        assertThat(DesignViewModel.usesEpsilon(dev.gradflow.model.spec.OptimizerSpec.Type.RMSPROP)).isTrue();
    }

    @Test
    void presetsAppearOnceEach() {
        List<Presets.Preset> all = Presets.all();
        assertThat(all.stream().map(Presets.Preset::title).toList()).doesNotHaveDuplicates();
        assertThat(all.stream().map(p -> p.spec().name()).toList()).doesNotHaveDuplicates();
        assertThat(all.stream().map(p -> p.spec().name()).toList()).doesNotContain("batchnorm-sparse", "swish-sparse");
        assertThat(all).filteredOn(p -> p.title().startsWith("Quick demo")).hasSize(1);
    }
}
