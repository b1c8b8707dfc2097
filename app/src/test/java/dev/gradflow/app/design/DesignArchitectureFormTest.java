package dev.gradflow.app.design;

import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.PruningSpec;
import dev.gradflow.model.spec.SpecIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The design form's architecture, pruning and augmentation editors (plain JUnit, summary computed synchronously). */
class DesignArchitectureFormTest {
    private final List<ExperimentSpec> trained = new ArrayList<>();
    private final DesignViewModel vm = new DesignViewModel(trained::add);

    static Stream<Path> sampleSpecs() throws IOException {
        return Files.list(Path.of("..", "sample-data", "specs")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    /** Every field of every sample spec survives the form: loading it and reading it back gives the same JSON. */
    @ParameterizedTest
    @MethodSource("sampleSpecs")
    void everySampleSpecRoundTripsThroughTheForm(Path file) {
        ExperimentSpec spec = SpecIO.read(file);
        vm.load(spec);
        assertThat(vm.spec()).as("problems: %s", vm.problems()).isNotNull();
        assertThat(SpecIO.toJson(vm.spec())).isEqualTo(SpecIO.toJson(spec));
    }

    @Test
    void cnnBlocksAreEditedAndCountedByTheEngine() {
        vm.load(SpecIO.read(Path.of("..", "sample-data", "specs", "cifar10-paper-cnn.json")));
        assertThat(vm.blocks()).hasSize(5);
        long before = vm.layerSummary().stream().mapToLong(NetworkRow::weights).sum();
        vm.blocks().get(0).filtersProperty().set(16);
        ConvBlockSpec first = vm.spec().architecture().blocks().get(0);
        assertThat(first.filters()).isEqualTo(16);
        // conv1 3->16 instead of 3->32, conv2 16->64 instead of 32->64: 9 * (3 * 16 + 16 * 64) fewer weights
        long after = vm.layerSummary().stream().mapToLong(NetworkRow::weights).sum();
        assertThat(before - after).isEqualTo(9L * (3 * 32 + 32 * 64) - 9L * (3 * 16 + 16 * 64));
        vm.addBlock();
        assertThat(vm.spec()).isNull(); // six 2x2 poolings do not fit 32x32
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_BLOCKS);
        assertThat(vm.problems()).anyMatch(p -> p.contains("block row 6"));
        vm.blocks().get(5).poolingProperty().set(ConvBlockSpec.Pooling.NONE);
        assertThat(vm.spec().architecture().blocks()).hasSize(6);
    }

    @Test
    void switchingToResidualCnnUsesItsFieldsAndDropsDenseLayers() {
        vm.load(SpecIO.read(Path.of("..", "sample-data", "specs", "cifar10-paper-cnn.json")));
        vm.architectureTypeProperty().set(ArchitectureSpec.Type.RESIDUAL_CNN);
        ArchitectureSpec a = vm.spec().architecture();
        assertThat(a.blocks()).isEmpty();
        assertThat(a.layers()).isEmpty();
        assertThat(a.stages()).isEqualTo(3);
        vm.text(DesignViewModel.F_STAGES).set("two");
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_STAGES);
        vm.text(DesignViewModel.F_STAGES).set("0");
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_STAGES);
        vm.text(DesignViewModel.F_STAGES).set("2");
        assertThat(vm.spec().architecture().stages()).isEqualTo(2);
    }

    @Test
    void pruningAndAugmentationComeFromTheForm() {
        vm.load(Presets.quickDemo());
        vm.pruningProperty().set(DesignViewModel.Pruning.GRADUAL);
        vm.text(DesignViewModel.F_PRUNE_END).set("80");
        vm.text(DesignViewModel.F_PRUNE_FINAL).set("0.05");
        PruningSpec p = vm.spec().sparsity().pruning();
        assertThat(p.type()).isEqualTo(PruningSpec.Type.GRADUAL);
        assertThat(p.endStep()).isEqualTo(80L);
        assertThat(p.finalDensity()).isEqualTo(0.05);
        vm.text(DesignViewModel.F_PRUNE_END).set("0");
        assertThat(vm.fieldProblems()).containsKey(DesignViewModel.F_PRUNE_END);
        vm.pruningProperty().set(DesignViewModel.Pruning.ONE_SHOT);
        vm.pruneRewindProperty().set(PruningSpec.Rewind.LOTTERY_TICKET);
        assertThat(vm.spec().sparsity().pruning().rewind()).isEqualTo(PruningSpec.Rewind.LOTTERY_TICKET);
        vm.pruningProperty().set(DesignViewModel.Pruning.NONE);
        assertThat(vm.spec().sparsity().pruning()).isNull();

        vm.augmentationProperty().set(DatasetSpec.Augmentation.CROP_FLIP);
        assertThat(vm.spec().dataset().augmentPixels()).isEqualTo(4); // follows the type's default
        vm.text(DesignViewModel.F_AUGMENT_PIXELS).set("3");
        vm.augmentationProperty().set(DatasetSpec.Augmentation.SHIFT);
        assertThat(vm.spec().dataset().augmentPixels()).isEqualTo(3); // a typed value stays
    }

    @Test
    void everyFormFieldHasItsOwnKeyIdAndPath() {
        assertThat(DesignFields.ALL.stream().map(FormField::key)).doesNotHaveDuplicates();
        assertThat(DesignFields.ALL.stream().map(FormField::id)).doesNotHaveDuplicates();
        for (FormField f : DesignFields.ALL) {
            for (String path : f.paths()) assertThat(DesignViewModel.fieldOf(path)).as(path).isEqualTo(f.key());
            assertThat(f.read().apply(Presets.quickDemo())).as(f.key()).satisfiesAnyOf(
                    v -> assertThat(v).isNotNull(), v -> assertThat(f).isEqualTo(DesignFields.EXAMPLES));
        }
        assertThat(DesignViewModel.fieldOf("architecture.blocks[2].kernel")).isEqualTo(DesignViewModel.F_BLOCKS);
        assertThat(DesignViewModel.fieldOf("architecture.layers[0].width")).isEqualTo(DesignViewModel.F_LAYERS);
        assertThat(DesignViewModel.fieldOf("sparsity.pruning")).isEqualTo(DesignViewModel.F_PRUNING);
    }
}
