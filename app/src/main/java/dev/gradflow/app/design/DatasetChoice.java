package dev.gradflow.app.design;

import dev.gradflow.model.spec.DatasetSpec.DatasetId;

import java.nio.file.Path;

/** One entry of the dataset picker: a dataset id, and for user folders the folder. */
public record DatasetChoice(DatasetId id, String path) {
    public String label() {
        if (path == null) {
            return switch (id) {
                case FASHION_MNIST_SAMPLE -> "fashion-mnist-sample (bundled sample)";
                case FASHION_MNIST -> "fashion-mnist (installed)";
                case SPIRALS, CIRCLES, XOR, BLOBS -> id.id() + " (synthetic 2-D)";
                default -> id.id();
            };
        }
        Path p = Path.of(path);
        return id.id() + ": " + (p.getFileName() == null ? path : p.getFileName()) + " (folder)";
    }
}
