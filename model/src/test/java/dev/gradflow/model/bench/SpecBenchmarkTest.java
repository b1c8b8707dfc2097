package dev.gradflow.model.bench;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's spec rewriting, generated data and convolution output sizes, against hand-computed values. */
class SpecBenchmarkTest {
    /** The three presets (source files; the CLI reads the same files from the bundled sample data). */
    @ParameterizedTest
    @CsvSource({"fmnist-mlp-sparse90.json, 1, 28, 28, 10", "cifar10-paper-cnn.json, 3, 32, 32, 10",
            "cifar10-wide-resnet-small.json, 3, 32, 32, 10"})
    void presetsAreBenchmarkedAsOneEpochLoggedEveryStepWithFixedMasks(String file, int c, int h, int w, int classes) {
        ExperimentSpec spec = SpecIO.read(Path.of("..", "sample-data", "specs", file));
        ExperimentSpec bench = SpecBenchmark.benchSpec(spec, null);
        assertThat(bench.training().epochs()).isEqualTo(1);
        assertThat(bench.training().logEvery()).isEqualTo(1);
        assertThat(bench.training().batchSize()).isEqualTo(spec.training().batchSize());
        assertThat(bench.evaluation().points()).isEqualTo(2);
        assertThat(bench.evaluation().snapshots()).isFalse();
        assertThat(bench.sparsity().pruning()).isNull();
        assertThat(bench.architecture()).isEqualTo(spec.architecture());
        assertThat(bench.sparsity().density()).isEqualTo(spec.sparsity().density());
        assertThat(bench.optimizer()).isEqualTo(spec.optimizer());
        assertThat(SpecBenchmark.generatedShape(spec.dataset())).containsExactly(c, h, w, classes);
        assertThat(SpecBenchmark.benchSpec(spec, 32, 2).training().batchSize()).isEqualTo(32);
    }

    @Test
    void absentDatasetIsGeneratedInTheSpecsShapeWithEveryClass() {
        ExperimentSpec spec = SpecIO.read(Path.of("..", "sample-data", "specs", "cifar10-paper-cnn.json"));
        DatasetSplit d = SpecBenchmark.data(spec, List.of(), 40, new PrintStream(PrintStream.nullOutputStream()));
        assertThat(d.source()).isEqualTo("generated");
        assertThat(d.train().size()).isEqualTo(40);
        assertThat(d.train().shape()).containsExactly(3, 32, 32);
        assertThat(d.train().numClasses()).isEqualTo(10);
        assertThat(d.train().labels()).contains(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(d.train().features()).hasSize(40 * 3 * 32 * 32);
    }

    /** Output sizes: same mode ceil(in / stride); truncate (in + 2 pad - kernel) / stride + 1 (dilation 1). */
    @ParameterizedTest
    @CsvSource({"Same, 3, 1, 0, 32, 32", "Same, 3, 2, 0, 32, 16", "Same, 1, 2, 0, 15, 8",
            "Truncate, 3, 1, 0, 32, 30", "Truncate, 3, 1, 1, 32, 32", "Truncate, 5, 2, 1, 32, 15"})
    void convolutionOutputSize(ConvolutionMode mode, int k, int stride, int pad, int in, int out) {
        ConvolutionLayer c = new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(pad, pad)
                .convolutionMode(mode).nIn(3).nOut(4).build();
        assertThat(StepFloor.outputSize(c, new long[]{2, 3, in, in})).containsExactly(out, out);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(SpecBenchmark.median(new double[]{3, 1, 2})).isEqualTo(2);
        assertThat(SpecBenchmark.median(new double[]{4, 1, 2, 3})).isEqualTo(2.5);
    }
}
