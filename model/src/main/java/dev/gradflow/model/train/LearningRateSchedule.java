package dev.gradflow.model.train;

import dev.gradflow.model.spec.ScheduleSpec;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The spec's learning-rate schedule as a DL4J {@link ISchedule} over update steps (iterations); the formulas are
 * those documented on {@link ScheduleSpec}. {@link #valueAt(long)} is the same function for logging.
 */
public final class LearningRateSchedule implements ISchedule {
    // Primitive fields with a creator: DL4J clones configurations through (shaded) Jackson JSON, e.g. in
    // convertDataType, so this must round-trip.
    @JsonProperty("type")
    private final String type;
    @JsonProperty("warmupSteps")
    private final int warmupSteps;
    @JsonProperty("stepSize")
    private final int stepSize;
    @JsonProperty("gamma")
    private final double gamma;
    @JsonProperty("minLearningRate")
    private final double minLearningRate;
    @JsonProperty("base")
    private final double base;
    @JsonProperty("totalSteps")
    private final long totalSteps;
    private final transient ScheduleSpec spec;

    public LearningRateSchedule(ScheduleSpec spec, double base, long totalSteps) {
        this(spec.type().id(), spec.warmupSteps(), spec.stepSize(), spec.gamma(), spec.minLearningRate(), base, totalSteps);
    }

    @JsonCreator
    public LearningRateSchedule(@JsonProperty("type") String type,
                                @JsonProperty("warmupSteps") int warmupSteps,
                                @JsonProperty("stepSize") int stepSize,
                                @JsonProperty("gamma") double gamma,
                                @JsonProperty("minLearningRate") double minLearningRate,
                                @JsonProperty("base") double base,
                                @JsonProperty("totalSteps") long totalSteps) {
        this.type = type;
        this.warmupSteps = warmupSteps;
        this.stepSize = stepSize;
        this.gamma = gamma;
        this.minLearningRate = minLearningRate;
        this.base = base;
        this.totalSteps = totalSteps;
        this.spec = ScheduleSpec.of(ScheduleSpec.Type.of(type)).withWarmupSteps(warmupSteps).withStepSize(stepSize)
                .withGamma(gamma).withMinLearningRate(minLearningRate);
    }

    public double valueAt(long t) {
        int warm = spec.warmupSteps();
        if (t < warm) return base * (t + 1) / warm;
        long s = t - warm;
        return switch (spec.type()) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(spec.gamma(), Math.floorDiv(s, spec.stepSize()));
            case EXPONENTIAL -> base * Math.pow(spec.gamma(), s);
            case COSINE -> {
                long span = Math.max(1, totalSteps - warm);
                double frac = Math.min(s, span) / (double) span;
                yield spec.minLearningRate() + (base - spec.minLearningRate()) * (1 + Math.cos(Math.PI * frac)) / 2;
            }
        };
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return valueAt((long) iteration);
    }

    @Override
    public ISchedule clone() {
        return new LearningRateSchedule(type, warmupSteps, stepSize, gamma, minLearningRate, base, totalSteps);
    }
}
