package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Optimizer and regularization (spec version 2). Each type is the update rule of the {@code torch.optim} class of the
 * same name, with torch's defaults where the spec leaves a field out; the rules are written out as formulas in
 * docs/spec.md (and docs/science.md), implemented in {@code dev.gradflow.model.train.optim}. With g the mean gradient
 * of a weight (masked, plus {@code l2 * w}), t = 1, 2, ... the update count and lr_t the scheduled learning rate:
 * <ul>
 * <li>{@code sgd}: {@code w -= lr_t g}</li>
 * <li>{@code momentum} (heavy ball, torch SGD momentum=mu): {@code b = mu b + g; w -= lr_t b}</li>
 * <li>{@code nesterov}: {@code b = mu b + g; w -= lr_t (g + mu b)}</li>
 * <li>{@code adagrad}: {@code s += g^2; w -= lr_t g / (sqrt(s) + eps)}</li>
 * <li>{@code adam}, {@code adamw}, {@code amsgrad}: {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * w -= lr_t mhat / (sqrt(vhat) + eps)} with bias-corrected mhat, vhat (amsgrad: the running maximum of v);
 * {@code adamw} adds decoupled weight decay (default 0.01)</li>
 * <li>{@code rmsprop}: {@code v = alpha v + (1-alpha) g^2; w -= lr_t g / (sqrt(v) + eps)} (alpha = rmsDecay)</li>
 * <li>{@code adamax}, {@code nadam}, {@code adadelta}: torch's Adamax, NAdam (momentum decay 0.004) and Adadelta
 * (rho = rmsDecay; unlike DL4J's it uses the learning rate)</li>
 * </ul>
 * All state starts at 0. Biases, BatchNorm, PReLU and SReLU parameters are updated by the same rule but never
 * regularized.
 *
 * @param type          the rule above; default adam
 * @param learningRate  base learning rate (> 0) of the schedule; default 0.001 (1.0 for adadelta, torch's default)
 * @param momentum      mu for momentum and nesterov, 0 <= mu < 1; default 0.9
 * @param beta1         Adam-family first-moment decay; default 0.9
 * @param beta2         Adam-family second-moment decay; default 0.999
 * @param epsilon       added to the root of the second moment (adam family, rmsprop, adagrad; inside both roots for
 *                      adadelta, added to |g| for adamax); default torch's: 1e-10 for adagrad, 1e-6 for adadelta,
 *                      1e-8 otherwise
 * @param rmsDecay      RMSProp smoothing constant alpha (default 0.99) and AdaDelta's rho (default 0.9)
 * @param l2            L2 coefficient lambda: {@code g <- g + lambda * w} on the masked mean gradient of weights before
 *                      the optimizer (torch's {@code weight_decay} of SGD/Adam/...); default 0
 * @param weightDecay   decoupled weight decay: {@code w <- w - lr_t * weightDecay * w} beside the optimizer step
 *                      (torch's AdamW form), weights only; default 0, 0.01 for {@code adamw}
 * @param clipping      gradient clipping: none, norm (per-layer L2 norm at most {@code clipThreshold}),
 *                      value (each element to [-t, t])
 * @param clipThreshold threshold for clipping (> 0)
 */
public record OptimizerSpec(Type type, Double learningRate, Double momentum, Double beta1, Double beta2,
                            Double epsilon, Double rmsDecay, ScheduleSpec schedule, Double l2, Double weightDecay,
                            Clipping clipping, Double clipThreshold) {
    public OptimizerSpec {
        if (type == null) type = Type.ADAM;
        if (learningRate == null) learningRate = defaultLearningRate(type);
        if (momentum == null) momentum = 0.9;
        if (beta1 == null) beta1 = 0.9;
        if (beta2 == null) beta2 = 0.999;
        if (epsilon == null) epsilon = defaultEpsilon(type);
        if (rmsDecay == null) rmsDecay = defaultRmsDecay(type);
        if (schedule == null) schedule = ScheduleSpec.constant();
        if (l2 == null) l2 = 0.0;
        if (weightDecay == null) weightDecay = defaultWeightDecay(type);
        if (clipping == null) clipping = Clipping.NONE;
        if (clipThreshold == null) clipThreshold = 1.0;
    }

    /** torch's default learning rate for adadelta (1.0); the spec's 0.001 for every other type. */
    public static double defaultLearningRate(Type type) {
        return type == Type.ADADELTA ? 1.0 : 1e-3;
    }

    /** torch's default eps: 1e-10 for Adagrad, 1e-6 for Adadelta, 1e-8 for the others. */
    public static double defaultEpsilon(Type type) {
        return switch (type) {
            case ADAGRAD -> 1e-10;
            case ADADELTA -> 1e-6;
            default -> 1e-8;
        };
    }

    /** torch's default smoothing constant: RMSprop alpha 0.99, Adadelta rho 0.9 (unused by other types: 0.99). */
    public static double defaultRmsDecay(Type type) {
        return type == Type.ADADELTA ? 0.9 : 0.99;
    }

    /** torch's default decoupled weight decay: 0.01 for adamw, 0 for the others. */
    public static double defaultWeightDecay(Type type) {
        return type == Type.ADAMW ? 0.01 : 0.0;
    }

    public static OptimizerSpec of(Type type, double lr) {
        return builder(type).learningRate(lr).build();
    }

    /**
     * A builder for an optimizer of the given type; fields left unset take their defaults, which for learning rate,
     * epsilon, rmsDecay and weight decay depend on the type (so the type is fixed when the builder is made).
     */
    public static Builder builder(Type type) {
        return new Builder(type);
    }

    /** A builder holding this optimizer's fields (same type), to change some of them. */
    public Builder toBuilder() {
        return builder(type).learningRate(learningRate).momentum(momentum).beta1(beta1).beta2(beta2).epsilon(epsilon)
                .rmsDecay(rmsDecay).schedule(schedule).l2(l2).weightDecay(weightDecay).clipping(clipping)
                .clipThreshold(clipThreshold);
    }

    /** Names each field it sets; null (or unset) = the field's default for the type. */
    public static final class Builder {
        private final Type type;
        private Double learningRate, momentum, beta1, beta2, epsilon, rmsDecay, l2, weightDecay, clipThreshold;
        private ScheduleSpec schedule;
        private Clipping clipping;

        private Builder(Type type) { this.type = type; }

        public Builder learningRate(Double v) { learningRate = v; return this; }
        public Builder momentum(Double v) { momentum = v; return this; }
        public Builder beta1(Double v) { beta1 = v; return this; }
        public Builder beta2(Double v) { beta2 = v; return this; }
        public Builder epsilon(Double v) { epsilon = v; return this; }
        public Builder rmsDecay(Double v) { rmsDecay = v; return this; }
        public Builder schedule(ScheduleSpec v) { schedule = v; return this; }
        public Builder l2(Double v) { l2 = v; return this; }
        public Builder weightDecay(Double v) { weightDecay = v; return this; }
        public Builder clipping(Clipping v) { clipping = v; return this; }
        public Builder clipThreshold(Double v) { clipThreshold = v; return this; }

        public OptimizerSpec build() {
            return new OptimizerSpec(type, learningRate, momentum, beta1, beta2, epsilon, rmsDecay, schedule, l2,
                    weightDecay, clipping, clipThreshold);
        }
    }

    public enum Type implements SpecEnum {
        SGD("sgd"), MOMENTUM("momentum"), NESTEROV("nesterov"), ADAGRAD("adagrad"), ADAM("adam"), ADAMW("adamw"),
        RMSPROP("rmsprop"), ADAMAX("adamax"), NADAM("nadam"), AMSGRAD("amsgrad"), ADADELTA("adadelta");
        private final String id;
        Type(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Type of(String id) { return SpecEnum.parse(Type.class, id); }
    }

    public enum Clipping implements SpecEnum {
        NONE("none"), NORM("norm"), VALUE("value");
        private final String id;
        Clipping(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Clipping of(String id) { return SpecEnum.parse(Clipping.class, id); }
    }
}
