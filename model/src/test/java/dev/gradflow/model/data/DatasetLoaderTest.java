package dev.gradflow.model.data;

import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec.Normalization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetLoaderTest {
    @TempDir Path dir;

    static int[] counts(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int l : d.labels()) c[l]++;
        return c;
    }

    @Test
    void bundledSampleLoadsFromTheClasspath() {
        DatasetSplit s = DatasetLoader.load(DatasetSpec.of(DatasetId.FASHION_MNIST_SAMPLE), 1, List.of());
        assertThat(s.train().size()).isEqualTo(6000);
        assertThat(s.test().size()).isEqualTo(1000);
        assertThat(s.train().shape()).containsExactly(1, 28, 28);
        assertThat(s.train().numClasses()).isEqualTo(10);
        assertThat(counts(s.train())).containsOnly(600);
        assertThat(counts(s.test())).containsOnly(100);
        assertThat(s.source()).isEqualTo("bundled sample");
        assertThat(s.checksum()).hasSize(64)
                .isEqualTo(DatasetLoader.load(DatasetSpec.of(DatasetId.FASHION_MNIST_SAMPLE), 2, List.of()).checksum());
        Normalizer.Stats stats = Normalizer.stats(s.train().features());     // default normalization: standardize
        assertThat(stats.mean()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void bundledSampleRawPixelsAndCaps() {
        DatasetSplit s = DatasetLoader.load(DatasetSpec.builder(DatasetId.FASHION_MNIST_SAMPLE).normalization(Normalization.NONE).trainExamples(1000).testExamples(200).build(), 9, List.of());
        assertThat(s.train().size()).isEqualTo(1000);
        assertThat(s.test().size()).isEqualTo(200);
        assertThat(counts(s.train())).containsOnly(100);
        assertThat(counts(s.test())).containsOnly(20);
        float max = 0;
        for (float v : s.train().features()) max = Math.max(max, v);
        assertThat(max).isEqualTo(255f);
    }

    @Test
    void fullFashionMnistWhenInstalled() {
        Assumptions.assumeTrue(Files.isDirectory(DatasetLoader.SYSTEM_FASHION_MNIST), "fashion-mnist not installed");
        DatasetSplit s = DatasetLoader.load(DatasetSpec.builder(DatasetId.FASHION_MNIST).normalization(Normalization.UNIT).build(), 1, List.of(dir));
        assertThat(s.train().size()).isEqualTo(60000);
        assertThat(s.test().size()).isEqualTo(10000);
        assertThat(counts(s.train())).containsOnly(6000);
        assertThat(counts(s.test())).containsOnly(1000);
        assertThat(s.train().features()[0]).isBetween(0f, 1f);
        assertThat(s.checksum()).hasSize(64);
    }

    @Test
    void dataDirsAreSearchedFirst() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("fashion-mnist"));
        writeFashionLike(folder);
        DatasetSplit s = DatasetLoader.load(DatasetSpec.builder(DatasetId.FASHION_MNIST).normalization(Normalization.NONE).build(), 1, List.of(dir));
        assertThat(s.source()).isEqualTo(folder.toAbsolutePath().toString());
        assertThat(s.train().size()).isEqualTo(20);
        assertThat(DatasetLoader.fashionMnistSearchPath(DatasetSpec.of(DatasetId.FASHION_MNIST), List.of(dir)))
                .containsExactly(dir.resolve("fashion-mnist"), dir,
                        Path.of(System.getProperty("user.home"), ".gradflow", "data", "fashion-mnist"),
                        DatasetLoader.SYSTEM_FASHION_MNIST);
    }

    /** 20 train / 10 test 28x28 images with labels 0..9 (fashion-mnist always has 10 classes). */
    static void writeFashionLike(Path folder) throws IOException {
        byte[] l20 = new byte[20], l10 = new byte[10];
        for (int i = 0; i < 20; i++) l20[i] = (byte) (i % 10);
        for (int i = 0; i < 10; i++) l10[i] = (byte) i;
        IdxWriter.write(folder.resolve("train-images-idx3-ubyte.gz"), IdxWriter.images(20, 28, 28, new byte[20 * 784]));
        IdxWriter.write(folder.resolve("train-labels-idx1-ubyte"), IdxWriter.labels(l20));
        IdxWriter.write(folder.resolve("t10k-images-idx3-ubyte"), IdxWriter.images(10, 28, 28, new byte[10 * 784]));
        IdxWriter.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), IdxWriter.labels(l10));
    }

    @Test
    void fashionMnistLabelsOutOfRange() throws IOException {
        writeFashionLike(dir);
        byte[] bad = new byte[10];
        bad[4] = 10;
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxWriter.labels(bad));
        assertThatThrownBy(() -> DatasetLoader.load(DatasetSpec.builder(DatasetId.FASHION_MNIST).path(dir.toString()).build(), 1, List.of()))
                .isInstanceOf(DataException.class)
                .hasMessageContainingAll(dir.resolve("t10k-labels-idx1-ubyte.gz").toString(), "label 4 is 10", "0..9");
    }

    @Test
    void missingFolderExplainsHowToGetTheFiles() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DatasetSpec spec = DatasetSpec.builder(DatasetId.FASHION_MNIST).path(empty.toString()).build();
        assertThatThrownBy(() -> DatasetLoader.load(spec, 1, List.of()))
                .isInstanceOf(DataException.class)
                .hasMessageContainingAll(empty.toString(), "apt-get install dataset-fashion-mnist", "dataset.path",
                        "train-images-idx3-ubyte");
        DatasetSpec nowhere = DatasetSpec.builder(DatasetId.FASHION_MNIST).path(dir.resolve("nope").toString()).build();
        assertThatThrownBy(() -> DatasetLoader.load(nowhere, 1, List.of()))
                .hasMessageContainingAll("nope (no such folder)", "apt-get install dataset-fashion-mnist");
    }
}
