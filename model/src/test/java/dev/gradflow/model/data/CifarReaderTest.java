package dev.gradflow.model.data;

import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.CifarLabels;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CifarReaderTest {
    @TempDir Path dir;

    /** Pixel value of channel c, row y, column x in the record with the given id. */
    static int pixel(int id, int c, int y, int x) {
        return (id * 31 + c * 101 + y * 7 + x * 3) & 0xFF;
    }

    /** One record: label bytes, then 1024 red, 1024 green, 1024 blue bytes, each plane row-major. */
    static byte[] record(int id, int... labelBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int l : labelBytes) out.write(l);
        for (int c = 0; c < 3; c++) for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) out.write(pixel(id, c, y, x));
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private DatasetSplit load(DatasetId id, CifarLabels labels, Path folder) {
        return DatasetLoader.load(DatasetSpec.builder(id).path(folder.toString()).normalization(Normalization.NONE).labels(labels).build(), 3, List.of());
    }

    /** Batch b holds records with ids 2b, 2b+1 and labels (2b)%10, (2b+1)%10; the test batch has ids 100, 101. */
    private void writeCifar10(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int b = 1; b <= 5; b++) {
            int id = 2 * (b - 1);
            Files.write(folder.resolve("data_batch_" + b + ".bin"), concat(record(id, id % 10), record(id + 1, (id + 1) % 10)));
        }
        Files.write(folder.resolve("test_batch.bin"), concat(record(100, 7), record(101, 9)));
    }

    @Test
    void cifar10PixelsAndLabelsLandInPlace() throws IOException {
        writeCifar10(dir);
        DatasetSplit split = load(DatasetId.CIFAR10, null, dir);
        Dataset train = split.train();
        assertThat(train.size()).isEqualTo(10);
        assertThat(train.shape()).containsExactly(3, 32, 32);
        assertThat(train.numClasses()).isEqualTo(10);
        assertThat(train.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (int i : new int[] {0, 3, 9}) {
            for (int[] p : new int[][] {{0, 0, 0}, {1, 5, 17}, {2, 31, 31}, {2, 0, 1}}) {
                int index = i * 3072 + p[0] * 1024 + p[1] * 32 + p[2];
                assertThat(train.features()[index]).isEqualTo((float) pixel(i, p[0], p[1], p[2]));
            }
        }
        assertThat(split.test().labels()).containsExactly(7, 9);
        assertThat(split.test().features()[3072 + 2048 + 32 + 1]).isEqualTo((float) pixel(101, 2, 1, 1));
        assertThat(split.checksum()).hasSize(64);
    }

    @Test
    void cifar10InsideArchiveFolder() throws IOException {
        writeCifar10(dir.resolve("cifar-10-batches-bin"));
        assertThat(load(DatasetId.CIFAR10, null, dir).train().size()).isEqualTo(10);
    }

    private void writeCifar100() throws IOException {
        Files.write(dir.resolve("train.bin"), concat(record(0, 19, 99), record(1, 3, 42), record(2, 0, 0)));
        Files.write(dir.resolve("test.bin"), concat(record(5, 11, 57)));
    }

    @Test
    void cifar100FineAndCoarseLabels() throws IOException {
        writeCifar100();
        DatasetSplit fine = load(DatasetId.CIFAR100, CifarLabels.FINE, dir);
        assertThat(fine.train().numClasses()).isEqualTo(100);
        assertThat(fine.train().labels()).containsExactly(99, 42, 0);
        assertThat(fine.test().labels()).containsExactly(57);
        DatasetSplit coarse = load(DatasetId.CIFAR100, CifarLabels.COARSE, dir);
        assertThat(coarse.train().numClasses()).isEqualTo(20);
        assertThat(coarse.train().labels()).containsExactly(19, 3, 0);
        assertThat(coarse.test().labels()).containsExactly(11);
        // pixels start after both label bytes
        assertThat(fine.train().features()[3072]).isEqualTo((float) pixel(1, 0, 0, 0));
        assertThat(fine.train().features()[3072 + 3071]).isEqualTo((float) pixel(1, 2, 31, 31));
        assertThat(fine.test().features()).containsExactly(coarse.test().features());
    }

    @Test
    void lengthNotAMultipleOfRecordSize() throws IOException {
        writeCifar10(dir);
        byte[] batch = Files.readAllBytes(dir.resolve("data_batch_3.bin"));
        Files.write(dir.resolve("data_batch_3.bin"), Arrays.copyOf(batch, batch.length - 1));
        assertThatThrownBy(() -> load(DatasetId.CIFAR10, null, dir)).isInstanceOf(DataException.class)
                .hasMessageContainingAll(dir.resolve("data_batch_3.bin").toString(), "6145", "3073");
        Files.write(dir.resolve("data_batch_3.bin"), new byte[0]);
        assertThatThrownBy(() -> load(DatasetId.CIFAR10, null, dir)).isInstanceOf(DataException.class)
                .hasMessageContaining("data_batch_3.bin");
    }

    @Test
    void cifar10FilesReadAsCifar100AreRejected() throws IOException {
        Files.write(dir.resolve("train.bin"), concat(record(0, 1), record(1, 2)));     // 2 * 3073 is not a multiple of 3074
        Files.write(dir.resolve("test.bin"), record(5, 11, 57));
        assertThatThrownBy(() -> load(DatasetId.CIFAR100, CifarLabels.FINE, dir)).isInstanceOf(DataException.class)
                .hasMessageContainingAll("train.bin", "3074");
    }

    @Test
    void labelsOutOfRange() throws IOException {
        writeCifar10(dir);
        Files.write(dir.resolve("test_batch.bin"), concat(record(100, 7), record(101, 10)));
        assertThatThrownBy(() -> load(DatasetId.CIFAR10, null, dir)).isInstanceOf(DataException.class)
                .hasMessageContainingAll("test_batch.bin", "record 1", "label 10", "0..9");

        Files.write(dir.resolve("train.bin"), concat(record(0, 19, 99), record(1, 20, 42)));
        Files.write(dir.resolve("test.bin"), record(5, 11, 57));
        assertThatThrownBy(() -> load(DatasetId.CIFAR100, CifarLabels.FINE, dir)).isInstanceOf(DataException.class)
                .hasMessageContainingAll("train.bin", "record 1", "coarse label 20", "0..19");
        Files.write(dir.resolve("train.bin"), concat(record(0, 19, 100)));
        assertThatThrownBy(() -> load(DatasetId.CIFAR100, CifarLabels.COARSE, dir)).isInstanceOf(DataException.class)
                .hasMessageContainingAll("train.bin", "record 0", "fine label 100", "0..99");
    }

    @Test
    void missingFilesAndPath() throws IOException {
        writeCifar10(dir);
        Files.delete(dir.resolve("data_batch_4.bin"));
        assertThatThrownBy(() -> load(DatasetId.CIFAR10, null, dir)).isInstanceOf(DataException.class)
                .hasMessageContainingAll(dir.toString(), "data_batch_4.bin");
        assertThatThrownBy(() -> DatasetLoader.load(DatasetSpec.of(DatasetId.CIFAR100), 1, List.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("dataset.path is required");
    }
}
