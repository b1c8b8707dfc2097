package dev.gradflow.model.study;

import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.sparse.WeightShape;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.SpecIO;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScSdcTest {
    static ExperimentSpec sparse(int width, int depth) {
        List<LayerSpec> layers = java.util.Collections.nCopies(depth, LayerSpec.of(width, dev.gradflow.model.spec.Activation.RELU));
        return ExperimentSpec.defaults().withName("s").withSeed(1L).withArchitecture(ArchitectureSpec.mlp(layers));
    }

    @Test
    void paperWidthsMatchEveryLayerExactly() {
        for (int depth : new int[]{1, 2, 4}) {
            for (int w : new int[]{308, 923, 1538, 2153, 2768}) {
                ScSdc.Pair p = ScSdc.derive(sparse(3076, depth), w, 784, 10);
                assertThat(p.exact()).as("depth %d width %d", depth, w).isTrue();
                for (int l = 0; l < p.layers().size(); l++) {
                    var m = p.layers().get(l);
                    assertThat(ScSdc.activeFor(m.density(), m.sparseWeights())).isEqualTo(m.target());
                    if (depth != 2 || w != 308) continue; // drawing 9.4M-weight masks is slow: check one case
                    // what the mask actually draws
                    long[] dims = {l == 0 ? 784 : 3076, l == depth ? 10 : 3076};
                    LayerMask mask = LayerMask.random(WeightShape.dense(m.name(), dims[0], dims[1]), m.density(), new SplittableRandom(1));
                    assertThat((long) mask.active()).isEqualTo(m.target());
                }
                assertThat(SpecIO.problems(p.sparse())).isEmpty();
                assertThat(SpecIO.problems(p.dense())).isEmpty();
                assertThat(p.sparse().init().layerStd()).isEqualTo(p.dense().init().layerStd());
            }
        }
    }

    @Test
    void densitiesScaleLikeThePaper() {
        ScSdc.Pair p = ScSdc.derive(sparse(1000, 2), 250, 784, 10);
        assertThat(p.layers().get(0).density()).isEqualTo(0.25);      // input: wD/wS
        assertThat(p.layers().get(1).density()).isEqualTo(0.0625);    // hidden: (wD/wS)^2
        assertThat(p.layers().get(2).density()).isEqualTo(0.25);      // output: wD/wS
        // He std of the DENSE net for both: sqrt(2/784), sqrt(2/250), sqrt(2/250)
        assertThat(p.sparse().init().layerStd().get(1)).isEqualTo(Math.sqrt(2.0 / 250));
        assertThat(p.dense().architecture().layers()).allMatch(l -> l.width() == 250);
    }

    @Test
    void denseWiderThanSparseIsRejected() {
        assertThatThrownBy(() -> ScSdc.derive(sparse(100, 1), 200, 784, 10)).hasMessageContaining("exceeds");
    }

    @Test
    void layerStdKeepsOldHashesAndRoundTrips() {
        ExperimentSpec plain = sparse(10, 1);
        assertThat(SpecIO.toJson(plain)).doesNotContain("layerStd");
        ScSdc.Pair p = ScSdc.derive(sparse(64, 2), 16, 2, 3);
        ExperimentSpec back = SpecIO.parse(SpecIO.toJson(p.sparse()), "test");
        assertThat(back).isEqualTo(p.sparse());
        assertThat(SpecIO.hash(back)).isEqualTo(SpecIO.hash(p.sparse()));
    }
}
