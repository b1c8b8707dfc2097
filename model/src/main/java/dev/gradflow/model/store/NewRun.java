package dev.gradflow.model.store;

import dev.gradflow.model.metrics.LayerInfo;
import java.util.List;
import java.util.Map;

/**
 * What the trainer tells the store when a run starts.
 *
 * @param name       human-readable run name (need not be unique)
 * @param specJson   the full experiment spec as canonical JSON
 * @param specHash   SHA-256 (hex) of {@code specJson}
 * @param dataset    dataset id from the spec, e.g. {@code fashion-mnist}
 * @param optimizer  optimizer id, e.g. {@code adam}
 * @param activation activation of the hidden layers (or {@code mixed})
 * @param density    overall density of the weight layers (active / all weights), 0..1
 * @param seed       the spec's seed
 * @param provenance app/DL4J/Java versions, OS, CPU, dataset checksum, ...
 * @param layers     the weight layers, in order from input to output
 */
public record NewRun(String name, String specJson, String specHash, String dataset, String optimizer,
                     String activation, double density, long seed, Map<String, String> provenance,
                     List<LayerInfo> layers) {
}
