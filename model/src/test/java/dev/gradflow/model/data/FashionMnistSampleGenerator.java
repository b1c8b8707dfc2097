package dev.gradflow.model.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Regenerates the bundled Fashion-MNIST subset in sample-data/fashion-mnist-sample/: 600 training and 100 test
 * examples per class, picked with {@link StratifiedSampler} and fixed seeds from the full IDX files, kept in file
 * order, written as gzipped IDX files. Run from the repository root after {@code mvn -o test-compile}:
 * <pre>
 * java -cp model/target/classes:model/target/test-classes dev.gradflow.model.data.FashionMnistSampleGenerator \
 *      /usr/share/datasets/fashion-mnist sample-data/fashion-mnist-sample
 * </pre>
 * {@code FashionMnistSampleTest} checks that the committed files equal a fresh run's output.
 */
public final class FashionMnistSampleGenerator {
    static final long TRAIN_SEED = 20200605L;
    static final long TEST_SEED = 20200606L;
    static final int TRAIN_EXAMPLES = 6000;
    static final int TEST_EXAMPLES = 1000;

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        Path out = Path.of(args.length > 1 ? args[1] : "sample-data/fashion-mnist-sample");
        generate(source, out);
        System.out.println("wrote " + TRAIN_EXAMPLES + " + " + TEST_EXAMPLES + " examples to " + out);
    }

    static void generate(Path source, Path out) throws IOException {
        Files.createDirectories(out);
        List<SourceFiles.Named> files = new ArrayList<>();
        for (String name : DatasetLoader.IDX_FILES) {
            Path plain = source.resolve(name);
            files.add(SourceFiles.read(Files.exists(plain) ? plain : source.resolve(name + ".gz"), SourceFiles.sha256()));
        }
        DatasetSplit full = DatasetLoader.idxSplit(files, "fashion-mnist", 10, "", source.toString());
        write(full.train(), TRAIN_EXAMPLES, TRAIN_SEED, out, DatasetLoader.IDX_FILES.get(0), DatasetLoader.IDX_FILES.get(1));
        write(full.test(), TEST_EXAMPLES, TEST_SEED, out, DatasetLoader.IDX_FILES.get(2), DatasetLoader.IDX_FILES.get(3));
    }

    private static void write(Dataset data, int n, long seed, Path out, String images, String labels) throws IOException {
        Dataset subset = data.subset(data.name(), StratifiedSampler.sample(data.labels(), 10, n, seed));
        byte[] pixels = new byte[subset.features().length];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) subset.features()[i];
        byte[] labelBytes = new byte[subset.size()];
        for (int i = 0; i < labelBytes.length; i++) labelBytes[i] = (byte) subset.labels()[i];
        IdxWriter.write(out.resolve(images + ".gz"), IdxWriter.images(subset.size(), 28, 28, pixels));
        IdxWriter.write(out.resolve(labels + ".gz"), IdxWriter.labels(labelBytes));
    }
}
