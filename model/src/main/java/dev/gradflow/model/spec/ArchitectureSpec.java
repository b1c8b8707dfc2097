package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;

/**
 * The network: an MLP whose hidden layers are listed from input to output; the output layer (softmax over the
 * dataset's classes, cross-entropy loss) is added automatically.
 */
public record ArchitectureSpec(Type type, List<LayerSpec> layers) {
    public ArchitectureSpec {
        if (type == null) type = Type.MLP;
        if (layers == null) layers = List.of();
        layers = List.copyOf(layers);
    }

    public enum Type implements SpecEnum {
        MLP("mlp");
        private final String id;
        Type(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Type of(String id) { return SpecEnum.parse(Type.class, id); }
    }
}
