package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Random, fixed sparsity drawn at initialization from the seed.
 *
 * @param density         fraction of weights kept active in the layers that are not kept dense, 0 < d <= 1
 *                        (1 = dense network)
 * @param distribution    how density is spread over layers: {@code uniform} (every sparse layer at {@code density}),
 *                        {@code erk} (Erdos-Renyi-Kernel, as in RigL) or {@code explicit} ({@code layerDensities})
 * @param layerDensities  explicit: one density per weight layer, hidden layers then the output layer
 * @param denseFirstLayer keep the first weight layer dense
 * @param denseLastLayer  keep the output layer dense
 * @param pruning         optional magnitude pruning during training ({@link PruningSpec}); null = fixed masks.
 *                        Left out of the JSON when unset, so the hashes of specs without it are unchanged.
 * @param dynamic         optional dynamic sparse training, SET or RigL ({@link DynamicSparsitySpec}); null = masks
 *                        not updated. Left out of the JSON when unset, like pruning.
 */
public record SparsitySpec(Double density, Distribution distribution, List<Double> layerDensities,
                           Boolean denseFirstLayer, Boolean denseLastLayer,
                           @JsonInclude(JsonInclude.Include.NON_NULL) PruningSpec pruning,
                           @JsonInclude(JsonInclude.Include.NON_NULL) DynamicSparsitySpec dynamic) {
    @JsonCreator
    public SparsitySpec {
        if (density == null) density = 1.0;
        if (distribution == null) distribution = Distribution.UNIFORM;
        if (layerDensities != null) layerDensities = List.copyOf(layerDensities);
        if (denseFirstLayer == null) denseFirstLayer = false;
        if (denseLastLayer == null) denseLastLayer = false;
    }

    /** {@code density} spread over the layers by {@code distribution}; no dense layers, pruning or dynamics. */
    public static SparsitySpec of(Double density, Distribution distribution) {
        return new SparsitySpec(density, distribution, null, null, null, null, null);
    }

    /** Every weight layer at {@code density}. */
    public static SparsitySpec uniform(double density) {
        return of(density, Distribution.UNIFORM);
    }

    /** One density per weight layer (hidden layers then output), distribution {@code explicit}. */
    public static SparsitySpec explicit(List<Double> layerDensities) {
        return of(1.0, Distribution.EXPLICIT).withLayerDensities(layerDensities);
    }

    public SparsitySpec withLayerDensities(List<Double> v) {
        return new SparsitySpec(density, distribution, v, denseFirstLayer, denseLastLayer, pruning, dynamic);
    }

    public SparsitySpec withDenseFirstLayer(Boolean v) {
        return new SparsitySpec(density, distribution, layerDensities, v, denseLastLayer, pruning, dynamic);
    }

    public SparsitySpec withDenseLastLayer(Boolean v) {
        return new SparsitySpec(density, distribution, layerDensities, denseFirstLayer, v, pruning, dynamic);
    }

    public SparsitySpec withPruning(PruningSpec p) {
        return new SparsitySpec(density, distribution, layerDensities, denseFirstLayer, denseLastLayer, p, dynamic);
    }

    public SparsitySpec withDynamic(DynamicSparsitySpec d) {
        return new SparsitySpec(density, distribution, layerDensities, denseFirstLayer, denseLastLayer, pruning, d);
    }

    public static SparsitySpec dense() {
        return uniform(1.0);
    }

    public enum Distribution implements SpecEnum {
        UNIFORM("uniform"), ERK("erk"), EXPLICIT("explicit");
        private final String id;
        Distribution(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Distribution of(String id) { return SpecEnum.parse(Distribution.class, id); }
    }
}
