package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * Magnitude pruning during training ({@code sparsity.pruning}); absent = masks fixed for the whole run.
 * <ul>
 * <li>{@code gradual} (Zhu &amp; Gupta 2017): at steps startStep, startStep + frequency, ... and endStep (steps = updates
 * done), each prunable weight layer is pruned by magnitude to density
 * {@code d(t) = final + (initial - final) (1 - (t - start) / (end - start))^3}, initial being the layer's density
 * from {@code sparsity.density}. Defaults: startStep 0, frequency 100; endStep and finalDensity are required.</li>
 * <li>{@code one-shot}: after afterSteps updates, prune once by magnitude to targetDensity, per layer or with one
 * global threshold ({@code scope}). {@code rewind}: {@code none} keeps training the pruned network;
 * {@code weights} (JSON {@code true} in older specs) sets the surviving weights of the pruned layers back to their
 * initial values and zeroes their optimizer state, everything else continuing; {@code lottery-ticket} is Frankle &amp;
 * Carbin's procedure: after the pruning pass of afterSteps updates, every parameter is rewound to its initial value
 * (weights times the final mask), the optimizer restarts (state 0, step count 0, learning-rate schedule from its
 * start) and the full training schedule is run again with the final mask. Defaults: scope layer, rewind none;
 * afterSteps and targetDensity are required.</li>
 * </ul>
 * Fields of the other type must be left out. Layers kept dense by denseFirstLayer/denseLastLayer are never pruned.
 */
public record PruningSpec(Type type,
                          @JsonInclude(Include.NON_NULL) Long startStep,
                          @JsonInclude(Include.NON_NULL) Long endStep,
                          @JsonInclude(Include.NON_NULL) Long frequency,
                          @JsonInclude(Include.NON_NULL) Double finalDensity,
                          @JsonInclude(Include.NON_NULL) Long afterSteps,
                          @JsonInclude(Include.NON_NULL) Double targetDensity,
                          @JsonInclude(Include.NON_NULL) Scope scope,
                          @JsonInclude(Include.NON_NULL) Rewind rewind) {
    public static final long DEFAULT_FREQUENCY = 100;

    @JsonCreator
    public PruningSpec {
        if (type == Type.GRADUAL) {
            if (startStep == null) startStep = 0L;
            if (frequency == null) frequency = DEFAULT_FREQUENCY;
        } else if (type == Type.ONE_SHOT) {
            if (scope == null) scope = Scope.LAYER;
            if (rewind == null) rewind = Rewind.NONE;
        }
    }

    public static PruningSpec gradual(long startStep, long endStep, long frequency, double finalDensity) {
        return new PruningSpec(Type.GRADUAL, startStep, endStep, frequency, finalDensity, null, null, null, null);
    }

    public static PruningSpec oneShot(long afterSteps, double targetDensity, Scope scope, Rewind rewind) {
        return new PruningSpec(Type.ONE_SHOT, null, null, null, null, afterSteps, targetDensity, scope, rewind);
    }

    /** One-shot pruning with the older boolean {@code rewind}: true = {@link Rewind#WEIGHTS}, false = none. */
    public static PruningSpec oneShot(long afterSteps, double targetDensity, Scope scope, boolean rewind) {
        return oneShot(afterSteps, targetDensity, scope, rewind ? Rewind.WEIGHTS : Rewind.NONE);
    }

    /** Zhu &amp; Gupta's cubic schedule: the density at step t (clamped to [start, end]). */
    public static double scheduledDensity(double initial, double fin, long start, long end, long t) {
        if (t <= start) return initial;
        if (t >= end) return fin;
        double r = 1.0 - (double) (t - start) / (end - start);
        return fin + (initial - fin) * r * r * r;
    }

    public enum Type implements SpecEnum {
        GRADUAL("gradual"), ONE_SHOT("one-shot");
        private final String id;
        Type(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Type of(String id) { return SpecEnum.parse(Type.class, id); }
    }

    /**
     * What one-shot pruning rewinds. JSON {@code true} and {@code false} (the field's older, boolean form) still mean
     * {@code weights} and {@code none}; the canonical JSON writes the name.
     */
    public enum Rewind implements SpecEnum, SpecEnum.BooleanAlias {
        NONE("none"), WEIGHTS("weights"), LOTTERY_TICKET("lottery-ticket");
        private final String id;
        Rewind(String id) { this.id = id; }
        @Override public String id() { return id; }

        public static Rewind of(String id) { return SpecEnum.parse(Rewind.class, id); }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Rewind from(Object value) {
            if (value instanceof Boolean b) return b ? WEIGHTS : NONE;
            return of(String.valueOf(value));
        }
    }

    public enum Scope implements SpecEnum {
        LAYER("layer"), GLOBAL("global");
        private final String id;
        Scope(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Scope of(String id) { return SpecEnum.parse(Scope.class, id); }
    }
}
