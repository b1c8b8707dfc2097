package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Optimizer and regularization.
 *
 * @param type          sgd, momentum (heavy ball: v = mu v + g; w -= lr v), nesterov, adagrad, adam,
 *                      adamw (Adam + decoupled weight decay), rmsprop, adamax, nadam, amsgrad, adadelta
 * @param learningRate  base learning rate (> 0)
 * @param momentum      momentum / nesterov coefficient mu, 0 <= mu < 1
 * @param beta1         Adam-family first-moment decay
 * @param beta2         Adam-family second-moment decay
 * @param epsilon       Adam/RMSProp/Adagrad epsilon
 * @param rmsDecay      RMSProp decay of the squared-gradient average
 * @param l2            L2 regularization coefficient lambda: adds lambda * w to the gradient before the optimizer
 * @param weightDecay   decoupled weight decay: after the optimizer step, w -= lr * weightDecay * w (AdamW-style);
 *                      for {@code adamw} this is its decay (default 0.01 there)
 * @param clipping      gradient clipping: none, norm (per-layer L2 norm at most {@code clipThreshold}),
 *                      value (each element to [-t, t])
 * @param clipThreshold threshold for clipping (> 0)
 */
public record OptimizerSpec(Type type, Double learningRate, Double momentum, Double beta1, Double beta2,
                            Double epsilon, Double rmsDecay, ScheduleSpec schedule, Double l2, Double weightDecay,
                            Clipping clipping, Double clipThreshold) {
    public OptimizerSpec {
        if (type == null) type = Type.ADAM;
        if (learningRate == null) learningRate = 1e-3;
        if (momentum == null) momentum = 0.9;
        if (beta1 == null) beta1 = 0.9;
        if (beta2 == null) beta2 = 0.999;
        if (epsilon == null) epsilon = 1e-8;
        if (rmsDecay == null) rmsDecay = 0.95;
        if (schedule == null) schedule = ScheduleSpec.constant();
        if (l2 == null) l2 = 0.0;
        if (weightDecay == null) weightDecay = type == Type.ADAMW ? 0.01 : 0.0;
        if (clipping == null) clipping = Clipping.NONE;
        if (clipThreshold == null) clipThreshold = 1.0;
    }

    public static OptimizerSpec of(Type type, double lr) {
        return new OptimizerSpec(type, lr, null, null, null, null, null, null, null, null, null, null);
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
