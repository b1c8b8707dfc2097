package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic sparse training ({@code sparsity.dynamic}; docs/science.md §1, docs/spec.md): every {@code updateEvery}
 * updates, each sparse layer drops its {@code k = round(f(t) · n_active)} smallest-magnitude active weights and
 * regrows {@code k} positions that were inactive before the drop, so per-layer densities stay constant.
 * <ul>
 * <li>{@code set} (Mocanu et al. 2018): regrowth uniformly at random, from the run's own seeded stream.</li>
 * <li>{@code rigl} (Evci et al. 2020): regrowth at the positions with the largest magnitude of the dense (unmasked)
 * gradient of the step's minibatch.</li>
 * </ul>
 * Drop fraction {@code f(t)}: {@code cosine}: {@code dropFraction/2 · (1 + cos(π t / endStep))} for {@code t < endStep},
 * 0 from endStep on (RigL's schedule); {@code constant}: {@code dropFraction} for {@code t < endStep} (every step when
 * endStep is left out). Mask updates happen at {@code t = updateEvery, 2·updateEvery, ...} ({@code t} = updates done)
 * while {@code f(t) > 0}. Defaults: updateEvery 100, dropFraction 0.3, decay cosine (RigL's); endStep is required
 * for cosine.
 */
public record DynamicSparsitySpec(Type type,
                                  Long updateEvery,
                                  Double dropFraction,
                                  Decay decay,
                                  @JsonInclude(Include.NON_NULL) Long endStep) {
    public static final long DEFAULT_UPDATE_EVERY = 100;
    public static final double DEFAULT_DROP_FRACTION = 0.3;

    @JsonCreator
    public DynamicSparsitySpec {
        if (updateEvery == null) updateEvery = DEFAULT_UPDATE_EVERY;
        if (dropFraction == null) dropFraction = DEFAULT_DROP_FRACTION;
        if (decay == null) decay = Decay.COSINE;
    }

    public static DynamicSparsitySpec of(Type type, long updateEvery, double dropFraction, Decay decay, Long endStep) {
        return new DynamicSparsitySpec(type, updateEvery, dropFraction, decay, endStep);
    }

    /** Whether the mask is updated after t updates. */
    public boolean isUpdateStep(long t) {
        return t > 0 && t % updateEvery == 0 && (endStep == null || t < endStep);
    }

    /** The drop fraction f(t) at step t (t updates done). */
    public double dropFractionAt(long t) {
        if (endStep != null && t >= endStep) return 0;
        if (decay == Decay.CONSTANT) return dropFraction;
        return dropFraction / 2 * (1 + Math.cos(Math.PI * t / endStep));
    }

    /** Validation problems with their JSON paths ({@code sparsity.dynamic.*}); the hook in SpecValidator adds them. */
    static List<Problem> problems(SparsitySpec s) {
        List<Problem> out = new ArrayList<>();
        DynamicSparsitySpec d = s.dynamic();
        String b = "sparsity.dynamic.";
        if (s.pruning() != null) {
            out.add(new Problem("sparsity.dynamic", "", "cannot be combined with sparsity.pruning (masks are either "
                    + "pruned by magnitude or updated by set/rigl, not both); remove one of the two"));
        }
        boolean dense = s.distribution() == SparsitySpec.Distribution.EXPLICIT
                ? s.layerDensities() != null && s.layerDensities().stream().allMatch(x -> x != null && x >= 1)
                : s.density() >= 1;
        if (dense) {
            out.add(new Problem("sparsity.density", format(s.density()),
                    "a density < 1 with sparsity.dynamic (a dense network has no mask to update)"));
        }
        if (d.type() == null) out.add(new Problem(b + "type", null, "set or rigl"));
        if (d.updateEvery() < 1) out.add(new Problem(b + "updateEvery", format(d.updateEvery()), "an integer >= 1"));
        if (!(d.dropFraction() > 0 && d.dropFraction() < 1)) {
            out.add(new Problem(b + "dropFraction", format(d.dropFraction()), "a fraction > 0 and < 1"));
        }
        if (d.endStep() == null) {
            if (d.decay() == Decay.COSINE) out.add(new Problem(b + "endStep", null, "a step >= 1 for decay cosine"));
        } else if (d.endStep() < 1) {
            out.add(new Problem(b + "endStep", format(d.endStep()), "a step >= 1"));
        } else if (d.endStep() <= d.updateEvery()) {
            out.add(new Problem(b + "endStep", format(d.endStep()), "a step > updateEvery (" + d.updateEvery()
                    + "), or no mask update ever happens"));
        }
        return out;
    }

    private static String format(Object v) {
        if (v instanceof Double x && x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString(x.longValue());
        return String.valueOf(v);
    }

    public enum Type implements SpecEnum {
        SET("set"), RIGL("rigl");
        private final String id;
        Type(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Type of(String id) { return SpecEnum.parse(Type.class, id); }
    }

    public enum Decay implements SpecEnum {
        COSINE("cosine"), CONSTANT("constant");
        private final String id;
        Decay(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Decay of(String id) { return SpecEnum.parse(Decay.class, id); }
    }
}
