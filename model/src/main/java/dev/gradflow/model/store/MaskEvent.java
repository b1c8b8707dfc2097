package dev.gradflow.model.store;

/** A change of a layer's mask during training (magnitude pruning): at {@code step}, density went from before to after. */
public record MaskEvent(long step, int layer, String name, double densityBefore, double densityAfter) {
}
