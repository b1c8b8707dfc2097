package dev.gradflow.model.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Validation messages (JSON path, value, what is allowed) for the engine-breadth fields. */
class BreadthSpecValidationTest {
    static List<String> problems(String json) {
        SpecException e = catchThrowableOfType(() -> SpecIO.parse(json, "test"), SpecException.class);
        assertThat(e).as("spec should be rejected: " + json).isNotNull();
        return e.problems().stream().map(Problem::message).toList();
    }

    @Test
    void augmentationFieldsAreChecked() {
        assertThat(problems("""
                {"dataset": {"id": "fashion-mnist-sample", "augmentation": "rotate"}}"""))
                .containsExactly("dataset.augmentation: \"rotate\" is not allowed; expected one of none, shift, crop-flip");
        assertThat(problems("""
                {"dataset": {"id": "spirals", "augmentation": "shift", "augmentPixels": 0}}"""))
                .containsExactlyInAnyOrder(
                        "dataset.augmentation: \"shift\" is not allowed; expected none for the 2-D synthetic set spirals (augmentation shifts and flips images)",
                        "dataset.augmentPixels: 0 is not allowed; expected an integer >= 1");
        ExperimentSpec ok = SpecIO.parse("""
                {"dataset": {"id": "fashion-mnist-sample", "augmentation": "crop-flip"}}""", "test");
        assertThat(ok.dataset().augmentPixels()).isEqualTo(4);
        assertThat(SpecIO.parse("""
                {"dataset": {"id": "fashion-mnist-sample", "augmentation": "shift"}}""", "test").dataset().augmentPixels())
                .isEqualTo(2);
    }

    @Test
    void cnnFieldsAreChecked() {
        assertThat(problems("""
                {"dataset": {"id": "xor"}, "architecture": {"type": "cnn", "blocks": [
                  {"filters": 0, "kernel": 3, "padding": 1, "poolSize": 0},
                  {"filters": 8, "kernel": 3, "same": false, "padding": 3, "activation": "srelu"},
                  {"filters": 8, "activation": "prelu"}]},
                 "sparsity": {"distribution": "explicit", "layerDensities": [0.5, 0.5]}}"""))
                .containsExactlyInAnyOrder(
                        "architecture.type: \"cnn\" is not allowed; expected mlp for the 2-D synthetic set xor (cnn needs image data)",
                        "architecture.blocks[0].filters: 0 is not allowed; expected an integer >= 1",
                        "architecture.blocks[0].padding: 1 is not allowed; expected 0 when same is true (same padding is computed)",
                        "architecture.blocks[0].poolSize: 0 is not allowed; expected an integer >= 1",
                        "architecture.blocks[1].padding: 3 is not allowed; expected an integer from 0 to 2",
                        "architecture.blocks[1].activation: \"srelu\" is not allowed; expected an activation other than srelu on convolutional blocks (SReLU is per unit of dense layers; use it in the dense head)",
                        "sparsity.layerDensities: 2 values is not allowed; expected 4 values, one per weight layer (convolutions, dense layers, then the output layer)");
        assertThat(problems("""
                {"architecture": {"type": "mlp", "blocks": [{"filters": 4}], "globalPooling": "max"}}"""))
                .containsExactlyInAnyOrder(
                        "architecture.blocks: 1 blocks is not allowed; expected no blocks unless architecture.type is cnn",
                        "architecture.globalPooling: \"max\" is not allowed; expected none unless architecture.type is cnn");
        assertThat(problems("""
                {"architecture": {"type": "cnn"}}"""))
                .containsExactly("architecture.blocks: missing; expected at least one convolutional block for architecture.type cnn");
        assertThat(problems("""
                {"architecture": {"type": "cnn", "blocks": [{"filters": 4, "pooling": "sum"}]}}"""))
                .containsExactly("architecture.blocks[0].pooling: \"sum\" is not allowed; expected one of none, max, avg");
    }

    @Test
    void residualCnnFieldsAreChecked() {
        assertThat(problems("""
                {"dataset": {"id": "xor"}, "architecture": {"type": "residual-cnn", "stages": 0, "blocksPerStage": 40,
                  "widthFactor": 0, "activation": "srelu", "layers": [{"width": 4}], "globalPooling": "max"}}"""))
                .containsExactlyInAnyOrder(
                        "architecture.globalPooling: \"max\" is not allowed; expected none unless architecture.type is cnn (residual-cnn always ends in global average pooling)",
                        "architecture.type: \"residual-cnn\" is not allowed; expected mlp for the 2-D synthetic set xor (residual-cnn needs image data)",
                        "architecture.layers: 1 layers is not allowed; expected no layers for residual-cnn (global average pooling feeds the output layer directly)",
                        "architecture.stages: 0 is not allowed; expected an integer >= 1",
                        "architecture.blocksPerStage: 40 is not allowed; expected an integer from 1 to 32",
                        "architecture.widthFactor: 0 is not allowed; expected an integer >= 1",
                        "architecture.activation: \"srelu\" is not allowed; expected an activation other than srelu for residual-cnn (SReLU is per unit of dense layers)");
        assertThat(problems("""
                {"architecture": {"type": "mlp", "layers": [{"width": 4}], "stages": 2, "activation": "relu"}}"""))
                .containsExactlyInAnyOrder(
                        "architecture.stages: 2 is not allowed; expected no stages unless architecture.type is residual-cnn",
                        "architecture.activation: \"relu\" is not allowed; expected no activation unless architecture.type is residual-cnn");
        // defaults: WRN-style 3 stages x 1 block, 16 base channels, width factor 2; stem + 6 convs + 3 projections + output
        ExperimentSpec ok = SpecIO.parse("""
                {"dataset": {"id": "fashion-mnist-sample"}, "architecture": {"type": "residual-cnn"},
                 "sparsity": {"distribution": "explicit", "layerDensities": [1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1]}}""", "t");
        assertThat(ok.architecture().weightLayers()).isEqualTo(11);
        assertThat(ok.architecture().stageChannels(3)).isEqualTo(128);
        // an MLP's JSON (and so its hash) does not gain the residual-cnn fields
        assertThat(SpecIO.toJson(SpecIO.parse("{}", "t"))).doesNotContain("stages").doesNotContain("widthFactor");
    }

    @Test
    void residualFieldsAreChecked() {
        assertThat(problems("""
                {"architecture": {"type": "residual-mlp", "layers": [{"width": 8}, {"width": 8, "dropout": 0.2}, {"width": 4}]},
                 "sparsity": {"distribution": "explicit", "layerDensities": [0.5, 0.5, 0.5, 0.5]}}"""))
                .containsExactlyInAnyOrder(
                        "architecture.layers[1].dropout: 0.2 is not allowed; expected 0 for residual-mlp (dropout is not supported with skip connections)",
                        "sparsity.layerDensities: 4 values is not allowed; expected 5 values, one per weight layer (hidden layers, each followed by its projection proj<i> if it has one, then the output layer)");
    }
}
