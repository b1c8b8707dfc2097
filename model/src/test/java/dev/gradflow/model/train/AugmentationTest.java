package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.DatasetSpec.Augmentation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Augmentation: exact shifts and flips, seeded per epoch, only ever applied to training minibatches. */
class AugmentationTest {
    private static float[] ramp(int c, int h, int w) {
        float[] a = new float[c * h * w];
        for (int i = 0; i < a.length; i++) a[i] = i + 1;
        return a;
    }

    @Test
    void everyAugmentedImageIsAShiftOrAMirroredShiftOfTheOriginalWithZeroFill() {
        int c = 2, h = 5, w = 6, n = 40;
        float[] one = ramp(c, h, w);
        float[] buf = new float[n * one.length];
        for (int e = 0; e < n; e++) System.arraycopy(one, 0, buf, e * one.length, one.length);
        new Augmenter(Augmentation.CROP_FLIP, 2, new int[]{c, h, w}).apply(buf, n, new SplittableRandom(3));
        int flipped = 0;
        boolean sawShift = false;
        for (int e = 0; e < n; e++) {
            float[] got = Arrays.copyOfRange(buf, e * one.length, (e + 1) * one.length);
            boolean matched = false;
            for (int flip = 0; flip < 2 && !matched; flip++) {
                for (int dy = -2; dy <= 2 && !matched; dy++) {
                    for (int dx = -2; dx <= 2 && !matched; dx++) {
                        if (Arrays.equals(got, expected(one, c, h, w, dy, dx, flip == 1))) {
                            matched = true;
                            if (flip == 1) flipped++;
                            if (dx != 0 || dy != 0) sawShift = true;
                        }
                    }
                }
            }
            assertThat(matched).as("example %d is a (mirrored) shift within 2 pixels", e).isTrue();
        }
        assertThat(flipped).isBetween(8, 32);
        assertThat(sawShift).isTrue();
    }

    @Test
    void shiftNeverFlips() {
        int h = 4, w = 4, n = 30;
        float[] one = ramp(1, h, w);
        float[] buf = new float[n * one.length];
        for (int e = 0; e < n; e++) System.arraycopy(one, 0, buf, e * one.length, one.length);
        new Augmenter(Augmentation.SHIFT, 1, new int[]{1, h, w}).apply(buf, n, new SplittableRandom(5));
        for (int e = 0; e < n; e++) {
            float[] got = Arrays.copyOfRange(buf, e * one.length, (e + 1) * one.length);
            boolean matched = false;
            for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
                matched |= Arrays.equals(got, expected(one, 1, h, w, dy, dx, false));
            }
            assertThat(matched).isTrue();
        }
    }

    private static float[] expected(float[] in, int c, int h, int w, int dy, int dx, boolean flip) {
        float[] out = new float[in.length];
        for (int ch = 0; ch < c; ch++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            int sx = (flip ? w - 1 - x : x) + dx, sy = y + dy;
            out[ch * h * w + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[ch * h * w + sy * w + sx] : 0f;
        }
        return out;
    }

    static Dataset images(String name, int n, int side, int classes, long seed) {
        Dataset flat = TinySpecs.blobs(name, n, side * side, classes, 1.0, seed);
        return new Dataset(name, flat.features(), flat.labels(), new int[]{1, side, side}, classes);
    }

    private static ExperimentSpec spec(Augmentation a) {
        ExperimentSpec base = TinySpecs.spec(4, List.of(LayerSpec.of(8, Activation.RELU)), TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.1, 0, 0, 0), 16, 2, 2, 24);
        return base.withDescription("")
                .withDataset(DatasetSpec.of(DatasetSpec.DatasetId.FASHION_MNIST_SAMPLE).withAugmentation(a, 1));
    }

    @Test
    void augmentationChangesTrainingIsSeededAndNeverTouchesEvaluationData() {
        DatasetSplit data = new DatasetSplit(images("train", 64, 6, 3, 1), images("test", 24, 6, 3, 2), "x", "synthetic");
        float[] trainBefore = data.train().features().clone();
        float[] testBefore = data.test().features().clone();

        TinySpecs.Recorder plain = run(spec(Augmentation.NONE), data, null);
        SparseNetwork[] trained = new SparseNetwork[1];
        TinySpecs.Recorder aug1 = run(spec(Augmentation.SHIFT), data, trained);
        TinySpecs.Recorder aug2 = run(spec(Augmentation.SHIFT), data, null);

        assertThat(data.train().features()).as("training data never modified").containsExactly(trainBefore);
        assertThat(data.test().features()).containsExactly(testBefore);
        // Before any update, nothing is augmented: evaluation point 0 is identical.
        assertThat(aug1.evals.get(0).evalLoss()).isEqualTo(plain.evals.get(0).evalLoss());
        // Training minibatches differ from the plain run's: the step-0 loss changes.
        assertThat(aug1.steps.get(0).loss()).isNotEqualTo(plain.steps.get(0).loss());
        // Seeded: the same spec gives the same augmented run.
        for (int i = 0; i < aug1.steps.size(); i++) {
            assertThat(aug2.steps.get(i).loss()).isEqualTo(aug1.steps.get(i).loss());
        }
        // The last evaluation point equals an independent measurement on the unaugmented evaluation set.
        ExperimentSpec s = spec(Augmentation.SHIFT);
        Dataset evalSet = Trainer.Subsets.stratified(data.train(), s.evaluation().examples(),
                NetworkFactory.stream(s.seed(), "eval-set", 0));
        int[] all = Batches.identity(evalSet.size());
        Trainer.GradientResult g = Trainer.gradientStats(trained[0], Batches.features(evalSet, all, 0, all.length),
                Batches.labels(evalSet, all, 0, all.length), all.length);
        EvalPoint last = aug1.evals.get(aug1.evals.size() - 1);
        assertThat(last.evalLoss()).isCloseTo(g.loss(), within(1e-6 * g.loss()));
        for (int i = 0; i < g.stats().size(); i++) {
            LayerStats a = last.layers().get(i), b = g.stats().get(i);
            assertThat(a.l2Active()).isCloseTo(b.l2Active(), within(1e-6 * b.l2Active()));
        }
    }

    @Test
    void differentEpochsDrawDifferentAugmentations() {
        float[] one = ramp(1, 8, 8);
        float[] a = one.clone(), b = one.clone();
        Augmenter aug = new Augmenter(Augmentation.CROP_FLIP, 4, new int[]{1, 8, 8});
        // Several draws make a coincidence negligible.
        float[] many0 = new float[10 * 64], many1 = new float[10 * 64];
        for (int e = 0; e < 10; e++) {
            System.arraycopy(one, 0, many0, e * 64, 64);
            System.arraycopy(one, 0, many1, e * 64, 64);
        }
        aug.apply(many0, 10, NetworkFactory.stream(1, "augment", 0));
        aug.apply(many1, 10, NetworkFactory.stream(1, "augment", 1));
        assertThat(many0).isNotEqualTo(many1);
        float[] again = new float[10 * 64];
        for (int e = 0; e < 10; e++) System.arraycopy(one, 0, again, e * 64, 64);
        aug.apply(again, 10, NetworkFactory.stream(1, "augment", 0));
        assertThat(again).containsExactly(many0);
        assertThat(a).containsExactly(b);
    }

    private static TinySpecs.Recorder run(ExperimentSpec spec, DatasetSplit data, SparseNetwork[] out) {
        Trainer t = new Trainer(spec, data);
        SparseNetwork n = t.buildNetwork();
        if (out != null) out[0] = n;
        TinySpecs.Recorder r = new TinySpecs.Recorder();
        t.run(n, r, () -> false, true);
        return r;
    }
}
