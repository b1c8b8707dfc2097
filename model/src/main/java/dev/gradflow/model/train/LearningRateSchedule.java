package dev.gradflow.model.train;

import dev.gradflow.model.spec.ScheduleSpec;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The spec's learning-rate schedule as a DL4J {@link ISchedule} over update steps (iterations); the formulas are
 * those documented on {@link ScheduleSpec}. {@link #valueAt(long)} is the same function for logging.
 */
public final class LearningRateSchedule implements ISchedule {
    private final ScheduleSpec spec;
    private final double base;
    private final long totalSteps;

    public LearningRateSchedule(ScheduleSpec spec, double base, long totalSteps) {
        this.spec = spec;
        this.base = base;
        this.totalSteps = totalSteps;
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
        return new LearningRateSchedule(spec, base, totalSteps);
    }
}
