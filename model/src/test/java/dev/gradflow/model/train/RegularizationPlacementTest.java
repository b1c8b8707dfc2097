package dev.gradflow.model.train;

import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * L2 and decoupled weight decay act on masked weight parameters only, each exactly once: never on biases, BatchNorm,
 * PReLU (DL4J's dense PReLULayer calls its slopes "weights") or SReLU parameters. Checked on the built network's
 * configuration (which regularizations each parameter gets, and how many) and numerically (one SGD step with and
 * without regularization).
 */
class RegularizationPlacementTest {
    private static final double L2 = 1e-3, WD = 0.02;

    static Stream<Arguments> architectures() {
        OptimizerSpec opt = TinySpecs.optimizer(OptimizerSpec.Type.ADAMW, 0.01, 0.9, L2, WD);
        List<LayerSpec> mlpLayers = List.of(new LayerSpec(8, Activation.PRELU, true, 0.0),
                new LayerSpec(8, Activation.SRELU, false, 0.0), new LayerSpec(6, Activation.RELU, true, 0.0));
        ExperimentSpec mlp = TinySpecs.spec(3, mlpLayers, TinySpecs.uniform(0.5), opt, 8, 1, 1, 8);
        ExperimentSpec cnn = ConvNetTest.spec(List.of(
                new ConvBlockSpec(3, 3, 1, true, 0, Activation.PRELU, true, ConvBlockSpec.Pooling.MAX, 2)),
                List.of(new LayerSpec(5, Activation.PRELU, false, 0.0)), opt, 0.5);
        ExperimentSpec resMlp = ResidualMlpTest.spec(List.of(new LayerSpec(8, Activation.PRELU, true, 0.0),
                new LayerSpec(6, Activation.SRELU, false, 0.0)), opt);
        ExperimentSpec resCnn = ResidualCnnTest.spec(ArchitectureSpec.residualCnn(1, 1, 2, 2, Activation.PRELU), opt, 0.5);
        return Stream.of(
                Arguments.of("mlp with prelu, srelu, batchnorm", mlp, new int[]{5}),
                Arguments.of("cnn with channel prelu, batchnorm, dense prelu", cnn, new int[]{1, 6, 6}),
                Arguments.of("residual mlp", resMlp, new int[]{5}),
                Arguments.of("residual cnn", resCnn, new int[]{1, 6, 6}));
    }

    /** Regression for defects 2 and 3 (issue 10): weight decay was listed twice per weight, PReLU slopes were regularized. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void onlyWeightParametersAreRegularizedEachOnce(String name, ExperimentSpec spec, int[] inputShape) {
        SparseNetwork network = NetworkFactory.build(spec, inputShape, 3, 10);
        Set<String> weightKeys = new HashSet<>();
        for (WeightLayer l : network.layers()) weightKeys.add(l.weightKey());
        Set<String> seenWeights = new HashSet<>();
        int others = 0;
        for (Layer layer : network.dl4jLayers()) {
            String prefix = network.keyPrefix(layer);
            for (String param : layer.paramTable().keySet()) {
                String key = prefix + "_" + param;
                List<Regularization> regs = layer.conf().getLayer().getRegularizationByParam(param);
                List<Regularization> r = regs == null ? List.of() : regs;
                if (weightKeys.contains(key)) {
                    seenWeights.add(key);
                    assertThat(r).as("%s regularizations", key).hasSize(2);
                    assertThat(r.stream().filter(x -> x instanceof L2Regularization).toList())
                            .as("%s L2 entries", key).hasSize(1)
                            .allSatisfy(x -> assertThat(((L2Regularization) x).getL2().valueAt(0, 0)).isEqualTo(L2));
                    assertThat(r.stream().filter(x -> x instanceof WeightDecay).toList())
                            .as("%s weight-decay entries", key).hasSize(1)
                            .allSatisfy(x -> {
                                assertThat(((WeightDecay) x).getCoeff().valueAt(0, 0)).isEqualTo(WD);
                                assertThat(((WeightDecay) x).isApplyLR()).isTrue();
                            });
                } else {
                    others++;
                    assertThat(r).as("%s (%s) is not a masked weight and must not be regularized", key,
                            layer.conf().getLayer().getClass().getSimpleName()).isEmpty();
                }
            }
        }
        assertThat(seenWeights).isEqualTo(weightKeys);
        assertThat(others).isGreaterThan(network.layers().size());
    }

    /** Regression for defect 3 (issue 10): DL4J's dense PReLULayer calls its slopes "W", and they were regularized. */
    @Test
    void denseAndChannelPreluSlopesAreNeitherL2RegularizedNorDecayed() {
        ExperimentSpec cnn = (ExperimentSpec) architectures().toList().get(1).get()[1];
        SparseNetwork network = NetworkFactory.build(cnn, new int[]{1, 6, 6}, 3, 10);
        int prelus = 0;
        for (Layer layer : network.dl4jLayers()) {
            var conf = layer.conf().getLayer();
            if (!conf.getClass().getSimpleName().contains("PReLU")) continue;
            for (String param : layer.paramTable().keySet()) {
                List<Regularization> regs = conf.getRegularizationByParam(param);
                assertThat(regs == null ? List.of() : regs).as("%s %s", conf.getLayerName(), param).isEmpty();
                prelus++;
            }
        }
        assertThat(prelus).as("a per-channel and a per-unit PReLU layer").isEqualTo(2);
    }

    /**
     * One full-batch SGD step from the same initial network with and without L2 and weight decay: every parameter
     * that is not a masked weight ends up exactly where it would without regularization, and each weight differs by
     * exactly {@code lr * (l2 + wd) * w0} (a second decay entry would double the weight-decay part).
     */
    @Test
    void oneSgdStepRegularizesWeightsOnceAndNothingElse() {
        double lr = 0.1;
        List<LayerSpec> layers = List.of(new LayerSpec(8, Activation.PRELU, true, 0.0),
                new LayerSpec(6, Activation.SRELU, false, 0.0));
        ExperimentSpec plain = TinySpecs.spec(3, layers, TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, lr, 0, 0, 0), 16, 1, 0, 16);
        ExperimentSpec regularized = TinySpecs.spec(3, layers, TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, lr, 0, L2, WD), 16, 1, 0, 16);
        var data = TinySpecs.split(16, 8, 5, 3, 1.0, 4);
        SparseNetwork a = step(plain, data);
        SparseNetwork b = step(regularized, data);
        SparseNetwork init = NetworkFactory.build(plain, 5, 3, 1);
        Set<String> weightKeys = new HashSet<>();
        for (WeightLayer l : a.layers()) weightKeys.add(l.weightKey());
        Map<String, INDArray> pa = a.net().paramTable(), pb = b.net().paramTable(), p0 = init.net().paramTable();
        int checkedOthers = 0;
        for (String key : pa.keySet()) {
            if (key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev")) continue;
            float[] va = pa.get(key).dup('c').data().asFloat(), vb = pb.get(key).dup('c').data().asFloat();
            float[] v0 = p0.get(key).dup('c').data().asFloat();
            if (!weightKeys.contains(key)) {
                assertThat(vb).as("%s (not a weight) is unaffected by L2 and weight decay", key).containsExactly(va);
                checkedOthers++;
                continue;
            }
            for (int i = 0; i < va.length; i++) {
                double expected = va[i] - lr * (L2 + WD) * v0[i];
                assertThat((double) vb[i]).as("%s[%d]", key, i).isCloseTo(expected, within(2e-7 + 1e-6 * Math.abs(expected)));
            }
        }
        assertThat(checkedOthers).as("biases, BatchNorm gamma/beta, PReLU and SReLU parameters checked").isGreaterThanOrEqualTo(8);
    }

    private static SparseNetwork step(ExperimentSpec spec, dev.gradflow.model.data.DatasetSplit data) {
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork network = trainer.buildNetwork();
        trainer.run(network, new TrainingObserver() { }, () -> false, false);
        return network;
    }
}
