package dev.gradflow.model.data;

import dev.gradflow.model.spec.DatasetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Labels that look wrong: classes missing from training are warned about, a single training class is rejected. */
class LabelChecksTest {
    @TempDir
    Path dir;

    /** An idx folder of 4x4 images with the given train and test labels. */
    private DatasetSpec idx(byte[] train, byte[] test) throws IOException {
        IdxWriter.write(dir.resolve("train-images-idx3-ubyte"), IdxWriter.images(train.length, 4, 4, new byte[train.length * 16]));
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte"), IdxWriter.labels(train));
        IdxWriter.write(dir.resolve("t10k-images-idx3-ubyte"), IdxWriter.images(test.length, 4, 4, new byte[test.length * 16]));
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxWriter.labels(test));
        return DatasetSpec.builder(DatasetSpec.DatasetId.IDX).path(dir.toString()).normalization(DatasetSpec.Normalization.NONE).build();
    }

    @Test
    void labelsThatSkipAClassGiveAWarningNamingTheFileAndTheCounts() throws IOException {
        // 1-based labels: 1, 2, 3 -> K = 4 and class 0 never occurs
        DatasetSplit s = DatasetLoader.load(idx(new byte[]{1, 2, 3, 1, 2, 3, 3}, new byte[]{1, 2, 3}), 1, List.of());
        assertThat(s.train().numClasses()).isEqualTo(4);
        assertThat(s.warnings()).hasSize(1);
        assertThat(s.warnings().get(0)).contains("train-labels-idx1-ubyte", "0..3", "class [0] never occurs",
                "1: 2, 2: 2, 3: 3");
    }

    @Test
    void labelsZeroToKMinusOneGiveNoWarning() throws IOException {
        DatasetSplit s = DatasetLoader.load(idx(new byte[]{0, 1, 2, 0, 1, 2}, new byte[]{0, 1, 2}), 1, List.of());
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void aClassOnlyInTheTestSplitIsWarnedAbout() throws IOException {
        DatasetSplit s = DatasetLoader.load(idx(new byte[]{0, 1, 0, 1}, new byte[]{0, 1, 2}), 1, List.of());
        assertThat(s.warnings()).singleElement().asString().contains("class [2] never occurs", "0: 2, 1: 2");
    }

    @Test
    void trainingLabelsOfOneClassAreRejected() throws IOException {
        DatasetSpec spec = idx(new byte[]{2, 2, 2, 2}, new byte[]{0, 1, 2});
        assertThatThrownBy(() -> DatasetLoader.load(spec, 1, List.of())).isInstanceOf(DataException.class)
                .hasMessageContaining("every one of the 4 training labels is 2")
                .hasMessageContaining("at least 2 classes");
    }
}
