package dev.gradflow.model.data;

import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.DatasetId;
import dev.gradflow.model.spec.DatasetSpec.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticSetsTest {

    static DatasetSpec spec(DatasetId id, Normalization n, Integer examples, Double noise, Integer classes, Double testFraction) {
        return DatasetSpec.builder(id).normalization(n).examples(examples).noise(noise).classes(classes)
                .testFraction(testFraction).build();
    }

    static int[] counts(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int l : d.labels()) c[l]++;
        return c;
    }

    @ParameterizedTest
    @EnumSource(value = DatasetId.class, names = {"SPIRALS", "CIRCLES", "XOR", "BLOBS"})
    void deterministicPerSeedAndDifferentAcrossSeeds(DatasetId id) {
        DatasetSpec spec = spec(id, Normalization.NONE, 400, null, null, null);
        DatasetSplit a = DatasetLoader.load(spec, 7, List.of());
        DatasetSplit b = DatasetLoader.load(spec, 7, List.of());
        DatasetSplit c = DatasetLoader.load(spec, 8, List.of());
        assertThat(a.train().features()).containsExactly(b.train().features());
        assertThat(a.test().labels()).containsExactly(b.test().labels());
        assertThat(a.checksum()).isEqualTo(b.checksum()).hasSize(64);
        assertThat(a.train().features()).isNotEqualTo(c.train().features());
        assertThat(a.checksum()).isNotEqualTo(c.checksum());
        assertThat(a.source()).isEqualTo("synthetic");
    }

    @ParameterizedTest
    @EnumSource(value = DatasetId.class, names = {"SPIRALS", "CIRCLES", "XOR", "BLOBS"})
    void sizesShapeAndClassBalance(DatasetId id) {
        DatasetSplit s = DatasetLoader.load(spec(id, Normalization.NONE, 600, 0.05, null, 0.25), 1, List.of());
        int k = s.train().numClasses();
        assertThat(k).isEqualTo(id == DatasetId.CIRCLES || id == DatasetId.XOR ? 2 : 3);
        assertThat(s.train().shape()).containsExactly(2);
        assertThat(s.train().size()).isEqualTo(450);
        assertThat(s.test().size()).isEqualTo(150);
        for (int c : counts(s.train())) assertThat(c).isEqualTo(450 / k);
        for (int c : counts(s.test())) assertThat(c).isEqualTo(150 / k);
    }

    @Test
    void classesParameterForSpiralsAndBlobs() {
        DatasetSplit s = DatasetLoader.load(spec(DatasetId.SPIRALS, null, 500, null, 5, null), 1, List.of());
        assertThat(s.train().numClasses()).isEqualTo(5);
        assertThat(counts(s.train())).containsOnly(80);
        assertThat(counts(s.test())).containsOnly(20);
    }

    @Test
    void geometryMatchesTheDocumentedFormulas() {
        Dataset circles = SyntheticSets.generate(DatasetId.CIRCLES, 100, 0, 2, 3);
        for (int i = 0; i < circles.size(); i++) {
            double r = Math.hypot(circles.features()[2 * i], circles.features()[2 * i + 1]);
            assertThat(r).isCloseTo(circles.labels()[i] == 0 ? 1.0 : 0.5, org.assertj.core.data.Offset.offset(1e-6));
        }
        Dataset xor = SyntheticSets.generate(DatasetId.XOR, 100, 0.1, 2, 3);
        for (int i = 0; i < xor.size(); i++) {
            float x = xor.features()[2 * i], y = xor.features()[2 * i + 1];
            if (Math.abs(x) > 0.15 && Math.abs(y) > 0.15) assertThat(xor.labels()[i]).isEqualTo(x * y > 0 ? 0 : 1);
        }
        Dataset blobs = SyntheticSets.generate(DatasetId.BLOBS, 40, 0, 4, 3);
        assertThat(blobs.features()[2]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-6f));   // class 1 at 90 deg
        assertThat(blobs.features()[3]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        Dataset spirals = SyntheticSets.generate(DatasetId.SPIRALS, 300, 0, 3, 3);
        for (int i = 0; i < spirals.size(); i++) {
            assertThat(Math.hypot(spirals.features()[2 * i], spirals.features()[2 * i + 1])).isLessThan(1.0 + 1e-6);
        }
    }

    @Test
    void unitAndNoneLeaveValuesAsGeneratedStandardizeDoesNot() {
        DatasetSplit none = DatasetLoader.load(spec(DatasetId.BLOBS, Normalization.NONE, 300, null, null, null), 2, List.of());
        DatasetSplit unit = DatasetLoader.load(spec(DatasetId.BLOBS, Normalization.UNIT, 300, null, null, null), 2, List.of());
        DatasetSplit std = DatasetLoader.load(spec(DatasetId.BLOBS, Normalization.STANDARDIZE, 300, null, null, null), 2, List.of());
        assertThat(unit.train().features()).containsExactly(none.train().features());
        Normalizer.Stats s = Normalizer.stats(std.train().features());
        assertThat(s.mean()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(s.std()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(none.checksum()).isEqualTo(std.checksum());
    }

    @Test
    void invalidParametersAreDataExceptions() {
        assertThatThrownBy(() -> DatasetLoader.load(spec(DatasetId.CIRCLES, null, 100, null, 3, null), 1, List.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("always has 2 classes");
        assertThatThrownBy(() -> DatasetLoader.load(spec(DatasetId.BLOBS, null, 100, -1.0, null, null), 1, List.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("noise");
        assertThatThrownBy(() -> DatasetLoader.load(spec(DatasetId.BLOBS, null, 100, null, null, 1.0), 1, List.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("testFraction");
        assertThatThrownBy(() -> DatasetLoader.load(spec(DatasetId.SPIRALS, null, 3, null, 3, null), 1, List.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("examples");
        assertThatThrownBy(() -> DatasetLoader.load(spec(DatasetId.BLOBS, null, 100, null, 1, null), 1, List.of()))
                .isInstanceOf(DataException.class).hasMessageContaining("at least 2");
    }
}
