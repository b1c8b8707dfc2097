package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Learning-rate schedule over update steps t = 0, 1, ... (base rate {@code lr} from the optimizer).
 * After {@code warmupSteps} of linear warm-up (lr * (t+1)/warmupSteps), with s = t - warmupSteps:
 * constant: lr; step: lr * gamma^floor(s / stepSize); exponential: lr * gamma^s;
 * cosine: minLr + (lr - minLr) * (1 + cos(pi * min(s, T) / T)) / 2 with T = total steps - warmupSteps.
 */
public record ScheduleSpec(Type type, Integer warmupSteps, Integer stepSize, Double gamma, Double minLearningRate) {
    public ScheduleSpec {
        if (type == null) type = Type.CONSTANT;
        if (warmupSteps == null) warmupSteps = 0;
        if (stepSize == null) stepSize = 1000;
        if (gamma == null) gamma = type == Type.EXPONENTIAL ? 0.9999 : 0.1;
        if (minLearningRate == null) minLearningRate = 0.0;
    }

    public static ScheduleSpec constant() {
        return of(Type.CONSTANT);
    }

    /** A schedule of the given type with every other field at its default (gamma's depends on the type). */
    public static ScheduleSpec of(Type type) {
        return new ScheduleSpec(type, null, null, null, null);
    }

    public ScheduleSpec withWarmupSteps(Integer v) { return new ScheduleSpec(type, v, stepSize, gamma, minLearningRate); }
    public ScheduleSpec withStepSize(Integer v) { return new ScheduleSpec(type, warmupSteps, v, gamma, minLearningRate); }
    public ScheduleSpec withGamma(Double v) { return new ScheduleSpec(type, warmupSteps, stepSize, v, minLearningRate); }
    public ScheduleSpec withMinLearningRate(Double v) { return new ScheduleSpec(type, warmupSteps, stepSize, gamma, v); }

    public enum Type implements SpecEnum {
        CONSTANT("constant"), STEP("step"), EXPONENTIAL("exponential"), COSINE("cosine");
        private final String id;
        Type(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Type of(String id) { return SpecEnum.parse(Type.class, id); }
    }
}
