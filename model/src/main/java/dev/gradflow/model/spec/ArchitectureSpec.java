package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;

/**
 * The network. {@code mlp}: the hidden {@code layers}, input to output. {@code cnn}: the convolutional
 * {@code blocks} (image datasets only), then optional {@code globalPooling}, then the dense head {@code layers}.
 * {@code residual-mlp}: an MLP whose hidden layers 2..N add their input back (skip connection; a masked linear
 * projection {@code proj<i>} when the width changes). In all, the output layer (softmax over the dataset's classes, cross-entropy loss) is added automatically.
 *
 * @param globalPooling {@code cnn}: {@code none} (flatten channels x height x width), {@code max} or {@code avg}
 *                      (one value per channel) between the last block and the dense head
 */
public record ArchitectureSpec(Type type, List<LayerSpec> layers, List<ConvBlockSpec> blocks,
                               ConvBlockSpec.Pooling globalPooling) {
    public ArchitectureSpec {
        if (type == null) type = Type.MLP;
        if (layers == null) layers = List.of();
        layers = List.copyOf(layers);
        if (blocks == null) blocks = List.of();
        blocks = List.copyOf(blocks);
        if (globalPooling == null) globalPooling = ConvBlockSpec.Pooling.NONE;
    }

    /** An MLP (or any type without convolutional blocks). */
    public ArchitectureSpec(Type type, List<LayerSpec> layers) {
        this(type, layers, null, null);
    }

    /** Number of weight layers (masked tensors): convolutions, dense layers, then the output layer. */
    public int weightLayers() {
        return blocks.size() + layers.size() + projections() + 1;
    }

    /**
     * {@code residual-mlp}: the number of projection layers, one for each hidden layer after the first whose width
     * differs from the previous layer's (its skip connection then needs a linear map).
     */
    public int projections() {
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
        if (type == Type.RESIDUAL_MLP && projections() > 0) {
            return "hidden layers, each followed by its projection proj<i> if it has one, then the output layer";
        }
        return blocks.isEmpty() ? "hidden layers, then the output layer"
                : "convolutions, dense layers, then the output layer";
    }

    public enum Type implements SpecEnum {
        MLP("mlp"), CNN("cnn"), RESIDUAL_MLP("residual-mlp");
        private final String id;
        Type(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Type of(String id) { return SpecEnum.parse(Type.class, id); }
    }
}
