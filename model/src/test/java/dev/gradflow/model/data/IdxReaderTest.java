package dev.gradflow.model.data;

import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {
    @TempDir Path dir;

    /** 2x3 images whose pixel p of image i is 10*i + p; labels cycle 0..classes-1. */
    static byte[] pixels(int count) {
        byte[] px = new byte[count * 6];
        for (int i = 0; i < count; i++) for (int p = 0; p < 6; p++) px[i * 6 + p] = (byte) (10 * i + p + 200);
        return px;
    }

    static byte[] labels(int count, int classes) {
        byte[] l = new byte[count];
        for (int i = 0; i < count; i++) l[i] = (byte) (i % classes);
        return l;
    }

    /** Writes a consistent small IDX set: 6 train and 3 test images of 2x3, 3 classes. */
    static void writeSet(Path dir, String suffix) throws IOException {
        IdxWriter.write(dir.resolve("train-images-idx3-ubyte" + suffix), IdxWriter.images(6, 2, 3, pixels(6)));
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte" + suffix), IdxWriter.labels(labels(6, 3)));
        IdxWriter.write(dir.resolve("t10k-images-idx3-ubyte" + suffix), IdxWriter.images(3, 2, 3, pixels(3)));
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte" + suffix), IdxWriter.labels(labels(3, 3)));
    }

    static DatasetSplit loadIdx(Path dir) {
        return DatasetLoader.load(DatasetSpec.builder(DatasetId.IDX).path(dir.toString()).normalization(Normalization.NONE).build(), 1, List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void readsPlainAndGzippedFiles(String suffix) throws IOException {
        writeSet(dir, suffix);
        DatasetSplit split = loadIdx(dir);
        assertThat(split.train().size()).isEqualTo(6);
        assertThat(split.test().size()).isEqualTo(3);
        assertThat(split.train().shape()).containsExactly(1, 2, 3);
        assertThat(split.train().numClasses()).isEqualTo(3);
        assertThat(split.train().labels()).containsExactly(0, 1, 2, 0, 1, 2);
        float[] f = split.train().features();
        assertThat(f[0]).isEqualTo(200f);
        assertThat(f[5 * 6 + 4]).isEqualTo((float) ((50 + 4 + 200) & 0xFF));
        assertThat(split.source()).isEqualTo(dir.toAbsolutePath().toString());
        assertThat(split.checksum()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void checksumIsShaOfFileBytesInOrder() throws Exception {
        writeSet(dir, "");
        var digest = java.security.MessageDigest.getInstance("SHA-256");
        for (String n : DatasetLoader.IDX_FILES) digest.update(Files.readAllBytes(dir.resolve(n)));
        assertThat(loadIdx(dir).checksum()).isEqualTo(java.util.HexFormat.of().formatHex(digest.digest()));
    }

    private void assertFails(String file, String... fragments) {
        assertThatThrownBy(() -> loadIdx(dir)).isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve(file).toString())
                .hasMessageContainingAll(fragments);
    }

    @Test
    void badMagicNumber() throws IOException {
        writeSet(dir, "");
        byte[] bad = IdxWriter.images(6, 2, 3, pixels(6));
        bad[0] = 0x12;
        IdxWriter.write(dir.resolve("train-images-idx3-ubyte"), bad);
        assertFails("train-images-idx3-ubyte", "bad IDX magic number", "0x12000803");
    }

    @Test
    void labelFileInPlaceOfImages() throws IOException {
        writeSet(dir, "");
        IdxWriter.write(dir.resolve("t10k-images-idx3-ubyte"), IdxWriter.labels(labels(3, 3)));
        assertFails("t10k-images-idx3-ubyte", "declares 1 dimensions");
    }

    @Test
    void unsupportedDataType() throws IOException {
        writeSet(dir, "");
        byte[] bad = IdxWriter.labels(labels(6, 3));
        bad[2] = 0x0D;
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte"), bad);
        assertFails("train-labels-idx1-ubyte", "0x0D", "not supported");
    }

    @Test
    void truncatedImages() throws IOException {
        writeSet(dir, "");
        byte[] good = IdxWriter.images(6, 2, 3, pixels(6));
        IdxWriter.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(good, good.length - 5));
        assertFails("train-images-idx3-ubyte", "truncated", "6 images of 2x3", "36 bytes", "31 bytes");
    }

    @Test
    void truncatedHeader() throws IOException {
        writeSet(dir, "");
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0});
        assertFails("t10k-labels-idx1-ubyte", "too short");
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0});
        assertFails("t10k-labels-idx1-ubyte", "truncated IDX header");
    }

    @Test
    void extraBytes() throws IOException {
        writeSet(dir, "");
        byte[] good = IdxWriter.labels(labels(6, 3));
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte"), Arrays.copyOf(good, good.length + 2));
        assertFails("train-labels-idx1-ubyte", "2 extra bytes");
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        writeSet(dir, "");
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte"), IdxWriter.labels(labels(5, 3)));
        assertFails("train-labels-idx1-ubyte", "count mismatch", "6 images", "5 labels",
                dir.resolve("train-images-idx3-ubyte").toString());
    }

    @Test
    void shapeMismatchBetweenSplits() throws IOException {
        writeSet(dir, "");
        IdxWriter.write(dir.resolve("t10k-images-idx3-ubyte"), IdxWriter.images(3, 3, 2, pixels(3)));
        assertFails("t10k-images-idx3-ubyte", "shapes differ");
    }

    @Test
    void corruptGzip() throws IOException {
        writeSet(dir, ".gz");
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] gz = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(gz, gz.length / 2));
        assertFails("train-images-idx3-ubyte.gz", "gzip");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertFails("train-images-idx3-ubyte.gz", "gzip");
    }

    @Test
    void singleClassIsRejected() throws IOException {
        writeSet(dir, "");
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte"), IdxWriter.labels(new byte[6]));
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxWriter.labels(new byte[3]));
        assertFails("train-labels-idx1-ubyte", "at least 2 classes");
    }

    @Test
    void missingFileAndMissingPath() throws IOException {
        writeSet(dir, "");
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertThatThrownBy(() -> loadIdx(dir)).isInstanceOf(DataException.class)
                .hasMessageContainingAll(dir.toString(), "lacks t10k-labels-idx1-ubyte");
        assertThatThrownBy(() -> DatasetLoader.load(DatasetSpec.of(DatasetId.IDX), 1, List.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("dataset.path is required");
    }

    @Test
    void hugeDeclaredSizeIsAnErrorNotAnOutOfMemory() throws IOException {
        writeSet(dir, "");
        byte[] bad = IdxWriter.idx(new int[] {Integer.MAX_VALUE, 28, 28}, new byte[10]);
        IdxWriter.write(dir.resolve("train-images-idx3-ubyte"), bad);
        assertFails("train-images-idx3-ubyte", "truncated");
    }
}
