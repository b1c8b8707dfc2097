package dev.gradflow.model.metrics;

import java.util.List;

/** Parameters of all weight layers at one moment: label {@code init}, {@code eval01}.., or {@code final}. */
public record Snapshot(String label, long step, List<LayerArrays> layers) {
}
