package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The network. {@code mlp}: the hidden {@code layers}, input to output. {@code cnn}: the convolutional
 * {@code blocks} (image datasets only), then optional {@code globalPooling}, then the dense head {@code layers}.
 * {@code residual-mlp}: an MLP whose hidden layers 2..N add their input back (skip connection; a masked linear
 * projection {@code proj<i>} when the width changes). {@code residual-cnn}: a small Wide-ResNet-style network
 * (image datasets only): a 3x3 {@code stem} convolution to {@code baseChannels}, then {@code stages} stages of
 * {@code blocksPerStage} pre-activation basic blocks (BN-act-conv3x3-BN-act-conv3x3 plus skip; a masked 1x1
 * projection {@code s<s>b<b>proj} when channels or stride change), stage s having
 * {@code baseChannels * widthFactor * 2^(s-1)} channels and stride 2 in its first block when s > 1, then BN-act,
 * global average pooling. In all, the output layer (softmax over the dataset's classes, cross-entropy loss) is added
 * automatically.
 *
 * @param globalPooling  {@code cnn}: {@code none} (flatten channels x height x width), {@code max} or {@code avg}
 *                       (one value per channel) between the last block and the dense head
 * @param stages         {@code residual-cnn}: number of stages (default 3); null for other types
 * @param blocksPerStage {@code residual-cnn}: basic blocks per stage (default 1)
 * @param baseChannels   {@code residual-cnn}: channels of the stem (default 16)
 * @param widthFactor    {@code residual-cnn}: widening factor k of WRN-d-k (default 2)
 * @param activation     {@code residual-cnn}: the activation in every block (default relu; prelu per channel)
 */
public record ArchitectureSpec(Type type, List<LayerSpec> layers, List<ConvBlockSpec> blocks,
                               ConvBlockSpec.Pooling globalPooling,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer stages,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer blocksPerStage,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer baseChannels,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer widthFactor,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Activation activation) {
    public ArchitectureSpec {
        if (type == null) type = Type.MLP;
        if (layers == null) layers = List.of();
        layers = List.copyOf(layers);
        if (blocks == null) blocks = List.of();
        blocks = List.copyOf(blocks);
        if (globalPooling == null) globalPooling = ConvBlockSpec.Pooling.NONE;
        if (type == Type.RESIDUAL_CNN) {
            if (stages == null) stages = 3;
            if (blocksPerStage == null) blocksPerStage = 1;
            if (baseChannels == null) baseChannels = 16;
            if (widthFactor == null) widthFactor = 2;
            if (activation == null) activation = Activation.RELU;
        }
    }

    /** A network of dense hidden layers only ({@code mlp} or {@code residual-mlp}; null type = mlp). */
    public static ArchitectureSpec of(Type type, List<LayerSpec> layers) {
        return new ArchitectureSpec(type, layers, null, null, null, null, null, null, null);
    }

    /** An MLP with the given hidden layers. */
    public static ArchitectureSpec mlp(List<LayerSpec> layers) {
        return of(Type.MLP, layers);
    }

    /** A CNN: the convolutional blocks, the global pooling after them (null = none), then the dense head layers. */
    public static ArchitectureSpec cnn(List<ConvBlockSpec> blocks, ConvBlockSpec.Pooling globalPooling,
                                       List<LayerSpec> head) {
        return new ArchitectureSpec(Type.CNN, head, blocks, globalPooling, null, null, null, null, null);
    }

    /** A residual CNN ({@code residual-cnn}) with the given shape. */
    public static ArchitectureSpec residualCnn(int stages, int blocksPerStage, int baseChannels, int widthFactor,
                                               Activation activation) {
        return new ArchitectureSpec(Type.RESIDUAL_CNN, null, null, null, stages, blocksPerStage, baseChannels,
                widthFactor, activation);
    }

    /** The same architecture with other dense (hidden / head) layers; type, blocks and residual fields are kept. */
    public ArchitectureSpec withLayers(List<LayerSpec> newLayers) {
        return new ArchitectureSpec(type, newLayers, blocks, globalPooling, stages, blocksPerStage, baseChannels,
                widthFactor, activation);
    }

    /** {@code residual-cnn}: the channels of stage s (1-based). */
    public int stageChannels(int s) {
        return baseChannels * widthFactor * (1 << (s - 1));
    }

    /** Number of weight layers (masked tensors): convolutions, dense layers, then the output layer. */
    public int weightLayers() {
        if (type == Type.RESIDUAL_CNN) return 1 + 2 * stages * blocksPerStage + projections() + 1;
        return blocks.size() + layers.size() + projections() + 1;
    }

    /**
     * {@code residual-mlp}: the number of projection layers, one for each hidden layer after the first whose width
     * differs from the previous layer's (its skip connection then needs a linear map).
     */
    public int projections() {
        if (type == Type.RESIDUAL_CNN) {
            // the first block of stage 1 changes channels unless widthFactor is 1; later stages change both
            return Math.max(0, stages - 1) + (widthFactor != 1 && stages > 0 ? 1 : 0);
        }
        if (type != Type.RESIDUAL_MLP) return 0;
        int n = 0;
        for (int i = 1; i < layers.size(); i++) {
            Integer a = layers.get(i - 1).width(), b = layers.get(i).width();
            if (a != null && !a.equals(b)) n++;
        }
        return n;
    }

    /** The order of weight layers, in words, for messages. */
    public String weightLayerOrder() {
        if (type == Type.RESIDUAL_CNN) {
            return "stem, then for each block s<s>b<b> its conv1, conv2 and projection proj if it has one, then the output layer";
        }
        if (type == Type.RESIDUAL_MLP && projections() > 0) {
            return "hidden layers, each followed by its projection proj<i> if it has one, then the output layer";
        }
        return blocks.isEmpty() ? "hidden layers, then the output layer"
                : "convolutions, dense layers, then the output layer";
    }

    public enum Type implements SpecEnum {
        MLP("mlp"), CNN("cnn"), RESIDUAL_MLP("residual-mlp"), RESIDUAL_CNN("residual-cnn");
        private final String id;
        Type(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Type of(String id) { return SpecEnum.parse(Type.class, id); }
    }
}
