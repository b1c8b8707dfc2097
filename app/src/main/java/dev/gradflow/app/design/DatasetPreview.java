package dev.gradflow.app.design;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetLoader;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first examples of a dataset, for the design view's preview strip: up to {@value #IMAGES} images (grey levels
 * 0..1, row-major, first channel) or, for synthetic 2-D sets, up to {@value #POINTS} points with their classes.
 * Loaded through the engine's {@link DatasetLoader}; call off the FX thread. Results are cached per dataset and
 * folder.
 */
public record DatasetPreview(String source, int width, int height, List<float[]> images, List<String> imageLabels,
                             float[] xs, float[] ys, int[] classes, int numClasses) {
    public static final int IMAGES = 10;
    public static final int POINTS = 400;
    static final String[] FASHION_LABELS = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Boot"};

    private static final Map<String, DatasetPreview> CACHE = new ConcurrentHashMap<>();

    public boolean isImages() { return images != null; }

    /** Loads (or takes from the cache) the preview of {@code id} in {@code path} (null: the default lookup). */
    public static DatasetPreview load(DatasetId id, String path) {
        return CACHE.computeIfAbsent(id + "|" + path, k -> read(id, path));
    }

    private static DatasetPreview read(DatasetId id, String path) {
        DatasetSpec base = DatasetSpec.of(id);
        DatasetSpec spec = DatasetSpec.builder(id).path(path).normalization(DatasetSpec.Normalization.NONE)
                .examples(base.synthetic() ? 500 : null).build();
        var split = DatasetLoader.load(spec, 1L, List.of());
        Dataset train = split.train();
        int[] shape = train.shape();
        float[] f = train.features();
        if (base.synthetic() || shape.length < 2) {
            int n = Math.min(POINTS, train.size());
            int fc = train.featureCount();
            float[] xs = new float[n], ys = new float[n];
            int[] cls = new int[n];
            for (int i = 0; i < n; i++) {
                xs[i] = f[i * fc];
                ys[i] = fc > 1 ? f[i * fc + 1] : 0;
                cls[i] = train.labels()[i];
            }
            return new DatasetPreview(split.source(), 0, 0, null, null, xs, ys, cls, train.numClasses());
        }
        int h = shape[shape.length - 2], w = shape[shape.length - 1];
        int n = Math.min(IMAGES, train.size());
        List<float[]> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] img = new float[w * h];
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (int p = 0; p < img.length; p++) {
                img[p] = f[i * train.featureCount() + p];
                lo = Math.min(lo, img[p]);
                hi = Math.max(hi, img[p]);
            }
            float range = hi > lo ? hi - lo : 1;
            for (int p = 0; p < img.length; p++) img[p] = (img[p] - lo) / range;
            images.add(img);
            int label = train.labels()[i];
            labels.add(train.numClasses() == 10 && (id == DatasetId.FASHION_MNIST || id == DatasetId.FASHION_MNIST_SAMPLE)
                    ? FASHION_LABELS[label] : "class " + label);
        }
        return new DatasetPreview(split.source(), w, h, images, labels, null, null, null, train.numClasses());
    }
}
