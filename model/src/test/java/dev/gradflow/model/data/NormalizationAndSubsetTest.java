package dev.gradflow.model.data;

import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class NormalizationAndSubsetTest {
    @TempDir Path dir;

    @Test
    void statsArePopulationMeanAndStd() {
        Normalizer.Stats s = Normalizer.stats(new float[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.std()).isEqualTo(2.0);
        assertThat(Normalizer.stats(new float[] {3, 3}).std()).isEqualTo(1.0);   // constant data: std reported as 1
        float[] v = {2, 4, 9};
        Normalizer.applyInPlace(v, 5, 2);
        assertThat(v).containsExactly(-1.5f, -0.5f, 2f);
    }

    private DatasetSplit load(Normalization n, Integer trainCap, Integer testCap, long seed) {
        return DatasetLoader.load(DatasetSpec.builder(DatasetId.IDX).path(dir.toString()).normalization(n).trainExamples(trainCap).testExamples(testCap).build(), seed, List.of());
    }

    @Test
    void pixelNormalizations() throws IOException {
        IdxReaderTest.writeSet(dir, "");
        DatasetSplit none = load(Normalization.NONE, null, null, 1);
        DatasetSplit unit = load(Normalization.UNIT, null, null, 1);
        DatasetSplit std = load(Normalization.STANDARDIZE, null, null, 1);
        float[] raw = none.train().features();
        for (int i = 0; i < raw.length; i++) assertThat(unit.train().features()[i]).isCloseTo(raw[i] / 255f, offset(1e-7f));

        // standardize: one scalar mean/std over the training split, applied to both splits
        double mean = 0;
        for (float v : raw) mean += v;
        mean /= raw.length;
        double var = 0;
        for (float v : raw) var += (v - mean) * (v - mean);
        double sd = Math.sqrt(var / raw.length);
        assertThat(std.train().features()[7]).isCloseTo((float) ((raw[7] - mean) / sd), offset(1e-5f));
        float rawTest = none.test().features()[11];
        assertThat(std.test().features()[11]).isCloseTo((float) ((rawTest - mean) / sd), offset(1e-5f));
        Normalizer.Stats s = Normalizer.stats(std.train().features());
        assertThat(s.mean()).isCloseTo(0, offset(1e-5));
        assertThat(s.std()).isCloseTo(1, offset(1e-5));
        assertThat(none.checksum()).isEqualTo(std.checksum());
    }

    @Test
    void samplerKeepsClassProportionsAndIsSeeded() {
        int[] labels = new int[1000];            // 600 of class 0, 300 of class 1, 100 of class 2, interleaved
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2;
        int[] a = StratifiedSampler.sample(labels, 3, 100, 5);
        assertThat(a).hasSize(100).isSorted().doesNotHaveDuplicates();
        int[] counts = new int[3];
        for (int i : a) counts[labels[i]]++;
        assertThat(counts).containsExactly(60, 30, 10);
        assertThat(StratifiedSampler.sample(labels, 3, 100, 5)).containsExactly(a);
        assertThat(StratifiedSampler.sample(labels, 3, 100, 6)).isNotEqualTo(a);
        assertThat(StratifiedSampler.sample(labels, 3, 5000, 5)).containsExactly(IntStream.range(0, 1000).toArray());
    }

    @Test
    void samplerRoundsByLargestRemainder() {
        int[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};   // shares of 5: 1.5, 1.5, 2.0
        int[] counts = new int[3];
        for (int i : StratifiedSampler.sample(labels, 3, 5, 1)) counts[labels[i]]++;
        assertThat(counts).containsExactly(2, 1, 2);
        assertThat(StratifiedSampler.complement(6, new int[] {1, 4})).containsExactly(0, 2, 3, 5);
    }

    @Test
    void capsAreStratifiedSubsetsTakenBeforeStandardizing() throws IOException {
        IdxReaderTest.writeSet(dir, "");
        DatasetSplit capped = load(Normalization.STANDARDIZE, 3, 2, 4);
        assertThat(capped.train().size()).isEqualTo(3);
        assertThat(capped.train().labels()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(capped.test().size()).isEqualTo(2);
        Normalizer.Stats s = Normalizer.stats(capped.train().features());
        assertThat(s.mean()).isCloseTo(0, offset(1e-5));
        assertThat(load(Normalization.NONE, 3, null, 4).train().features())
                .containsExactly(load(Normalization.NONE, 3, null, 4).train().features());
        assertThat(load(Normalization.NONE, 100, null, 4).train().size()).isEqualTo(6);
        assertThatThrownBy(() -> load(Normalization.NONE, 0, null, 4))
                .isInstanceOf(DataException.class).hasMessageContaining("trainExamples");
    }
}
