package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Hidden-layer activations. PReLU has a learnable slope per unit, SReLU four learnable parameters per unit (never
 * masked); LeakyReLU uses slope 0.01. */
public enum Activation implements SpecEnum {
    RELU("relu"), LEAKY_RELU("leaky-relu"), PRELU("prelu"), ELU("elu"), SELU("selu"), SWISH("swish"),
    GELU("gelu"), SOFTPLUS("softplus"), TANH("tanh"), SIGMOID("sigmoid"), IDENTITY("identity"), SRELU("srelu");
    private final String id;
    Activation(String id) { this.id = id; }
    @Override public String id() { return id; }
    @JsonCreator public static Activation of(String id) { return SpecEnum.parse(Activation.class, id); }
}
