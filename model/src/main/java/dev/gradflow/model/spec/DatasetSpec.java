package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Which data a run trains on. See docs/spec.md for every field.
 *
 * @param id            dataset id
 * @param path          folder with the files, for {@code idx}, {@code cifar10}, {@code cifar100}; optional for
 *                      {@code fashion-mnist} (otherwise the configured data folders are searched)
 * @param normalization how pixel/feature values are scaled
 * @param trainExamples use at most this many training examples (a seeded, class-stratified subset); null = all
 * @param testExamples  use at most this many test examples (stratified); null = all
 * @param examples      synthetic sets: number of examples generated in total (train + test)
 * @param noise         synthetic sets: noise level (standard deviation, in units of the set's radius)
 * @param classes       synthetic {@code blobs} and {@code spirals}: number of classes
 * @param testFraction  synthetic sets: fraction of generated examples held out as the test split
 * @param labels        CIFAR-100 only: {@code fine} (100 classes) or {@code coarse} (20 superclasses)
 * @param augmentation  training-minibatch augmentation of image datasets: {@code none}, {@code shift} (random
 *                      shift by up to {@code augmentPixels} pixels in each direction, zero fill), {@code crop-flip}
 *                      (zero-pad by {@code augmentPixels}, random crop back to the original size, then a horizontal
 *                      flip with probability 1/2); drawn per epoch from the seed; never applied to evaluation data
 * @param augmentPixels maximum shift ({@code shift}) or padding ({@code crop-flip}); default 2 for shift, 4 for
 *                      crop-flip
 */
public record DatasetSpec(DatasetId id, String path, Normalization normalization, Integer trainExamples,
                          Integer testExamples, Integer examples, Double noise, Integer classes, Double testFraction,
                          CifarLabels labels, Augmentation augmentation, Integer augmentPixels) {

    public DatasetSpec {
        if (id == null) id = DatasetId.FASHION_MNIST_SAMPLE;
        if (normalization == null) normalization = Normalization.STANDARDIZE;
        if (examples == null) examples = 2000;
        if (noise == null) noise = 0.1;
        if (classes == null) classes = id == DatasetId.XOR || id == DatasetId.CIRCLES ? 2 : 3;
        if (testFraction == null) testFraction = 0.2;
        if (labels == null) labels = CifarLabels.FINE;
        if (augmentation == null) augmentation = Augmentation.NONE;
        if (augmentPixels == null) augmentPixels = augmentation == Augmentation.CROP_FLIP ? 4 : 2;
    }

    public DatasetSpec withAugmentation(Augmentation a, Integer pixels) {
        return new DatasetSpec(id, path, normalization, trainExamples, testExamples, examples, noise, classes,
                testFraction, labels, a, pixels);
    }

    /**
     * A builder for a dataset of the given id; fields left unset take their defaults ({@code classes} and
     * {@code augmentPixels} depend on the id and the augmentation, so they are filled in by {@link Builder#build()}).
     */
    public static Builder builder(DatasetId id) {
        return new Builder(id);
    }

    /** Names each field it sets; null (or unset) = the field's default. */
    public static final class Builder {
        private final DatasetId id;
        private String path;
        private Normalization normalization;
        private Integer trainExamples, testExamples, examples, classes, augmentPixels;
        private Double noise, testFraction;
        private CifarLabels labels;
        private Augmentation augmentation;

        private Builder(DatasetId id) { this.id = id; }

        public Builder path(String v) { path = v; return this; }
        public Builder normalization(Normalization v) { normalization = v; return this; }
        public Builder trainExamples(Integer v) { trainExamples = v; return this; }
        public Builder testExamples(Integer v) { testExamples = v; return this; }
        public Builder examples(Integer v) { examples = v; return this; }
        public Builder noise(Double v) { noise = v; return this; }
        public Builder classes(Integer v) { classes = v; return this; }
        public Builder testFraction(Double v) { testFraction = v; return this; }
        public Builder labels(CifarLabels v) { labels = v; return this; }
        public Builder augmentation(Augmentation v) { augmentation = v; return this; }
        public Builder augmentPixels(Integer v) { augmentPixels = v; return this; }

        public DatasetSpec build() {
            return new DatasetSpec(id, path, normalization, trainExamples, testExamples, examples, noise, classes,
                    testFraction, labels, augmentation, augmentPixels);
        }
    }

    /** Whether examples are images (shape [channels, height, width]); synthetic sets are 2-D points. */
    public boolean images() {
        return !synthetic();
    }

    public static DatasetSpec of(DatasetId id) {
        return builder(id).build();
    }

    public boolean synthetic() {
        return id == DatasetId.SPIRALS || id == DatasetId.CIRCLES || id == DatasetId.XOR || id == DatasetId.BLOBS;
    }

    public enum DatasetId implements SpecEnum {
        FASHION_MNIST("fashion-mnist"), FASHION_MNIST_SAMPLE("fashion-mnist-sample"), IDX("idx"),
        SPIRALS("spirals"), CIRCLES("circles"), XOR("xor"), BLOBS("blobs"),
        CIFAR10("cifar10"), CIFAR100("cifar100");
        private final String id;
        DatasetId(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static DatasetId of(String id) { return SpecEnum.parse(DatasetId.class, id); }
    }

    /** {@code none}: raw values (pixels 0..255); {@code unit}: pixels / 255; {@code standardize}: zero mean, unit
     *  variance using one mean and one standard deviation computed over the training split. */
    public enum Normalization implements SpecEnum {
        NONE("none"), UNIT("unit"), STANDARDIZE("standardize");
        private final String id;
        Normalization(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Normalization of(String id) { return SpecEnum.parse(Normalization.class, id); }
    }

    public enum CifarLabels implements SpecEnum {
        FINE("fine"), COARSE("coarse");
        private final String id;
        CifarLabels(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static CifarLabels of(String id) { return SpecEnum.parse(CifarLabels.class, id); }
    }

    /** Random training-time augmentation of image minibatches (see the record's documentation). */
    public enum Augmentation implements SpecEnum {
        NONE("none"), SHIFT("shift"), CROP_FLIP("crop-flip");
        private final String id;
        Augmentation(String id) { this.id = id; }
        @Override public String id() { return id; }
        @JsonCreator public static Augmentation of(String id) { return SpecEnum.parse(Augmentation.class, id); }
    }
}
