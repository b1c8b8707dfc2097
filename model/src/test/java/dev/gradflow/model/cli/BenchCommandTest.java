package dev.gradflow.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gradflow bench} on tiny specs whose datasets are absent (so data are generated in their shape): the JSON
 * parses, every figure is finite and positive where it must be, and the figures agree with each other (the breakdown
 * adds up to the step time, throughput is batch / step time, the floor is below the step).
 */
class BenchCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String MLP = """
            { "version": 2, "name": "tiny-mlp", "seed": 3,
              "dataset": { "id": "fashion-mnist", "path": "%s" },
              "architecture": { "type": "mlp", "layers": [ { "width": 24, "activation": "relu" } ] },
              "sparsity": { "density": 0.5, "distribution": "uniform" },
              "optimizer": { "type": "adam", "learningRate": 0.001 },
              "training": { "batchSize": 16, "epochs": 3, "logEvery": 5 },
              "evaluation": { "points": 11, "split": "train", "examples": 100 } }
            """;

    private static final String CNN = """
            { "version": 2, "name": "tiny-cnn", "seed": 3,
              "dataset": { "id": "cifar10", "path": "%s", "augmentation": "crop-flip" },
              "architecture": { "type": "cnn", "blocks": [
                  { "filters": 4, "kernel": 3, "activation": "relu", "pooling": "max", "poolSize": 4 } ], "layers": [] },
              "sparsity": { "density": 0.5, "distribution": "erk" },
              "optimizer": { "type": "adam", "learningRate": 0.001 },
              "training": { "batchSize": 8, "epochs": 1 },
              "evaluation": { "points": 3, "split": "train", "examples": 100 } }
            """;

    @Test
    void benchJsonOfAGeneratedDatasetMlpIsFiniteAndConsistent(@TempDir Path dir) throws Exception {
        JsonNode r = bench(dir, MLP, "2");
        assertThat(r.get("generatedData").asBoolean()).isTrue();
        assertThat(r.get("inputShape").toString()).isEqualTo("[1,28,28]");
        assertThat(r.get("classes").asInt()).isEqualTo(10);
        assertThat(r.get("batch").asInt()).isEqualTo(16);
        assertThat(names(r.get("floorKernels"))).containsExactly("gemm dense1 16x784->24", "gemm output 16x24->10");
        // 784*24 + 24 + 24*10 + 10 = 19090 float parameters; as many gradients; Adam's two moments each: 4 x 19090 x 4 bytes
        assertThat(r.get("memory").get("nd4jArraysPeakBytes").asLong()).isGreaterThanOrEqualTo(4L * 19090 * 4);
        // without convolutions both floors are the same gemm calls, timed once
        assertThat(r.get("convOpFloorMillis").asDouble()).isEqualTo(r.get("loweredFloorMillis").asDouble());
        assertConsistent(r);
    }

    @Test
    void benchOfAGeneratedDatasetCnnFloorsItsConvolution(@TempDir Path dir) throws Exception {
        JsonNode r = bench(dir, CNN, "1");
        assertThat(r.get("inputShape").toString()).isEqualTo("[3,32,32]");
        assertThat(names(r.get("floorKernels"))).anyMatch(k -> k.startsWith("conv2d") && k.contains("3->4 on 32x32"))
                .anyMatch(k -> k.startsWith("gemm"));
        assertThat(r.get("notFloored")).isEmpty();
        double ops = r.get("convOpFloorMillis").asDouble(), lowered = r.get("loweredFloorMillis").asDouble();
        assertThat(ops).isPositive().isFinite();
        assertThat(lowered).isPositive().isFinite();
        assertThat(r.get("floorMillis").asDouble()).isEqualTo(Math.min(ops, lowered));
        assertConsistent(r);
    }

    @Test
    void benchTextOutputSaysTheDataWereGeneratedAndNamesEveryPhase(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.json");
        Files.writeString(spec, MLP.formatted(dir.resolve("absent").toString().replace("\\", "/")));
        CliRun run = CliRun.of("bench", "--spec", spec.toString(), "--steps", "4", "--rounds", "1");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("is not available", "generated data in its shape [1, 28, 28], 10 classes",
                "logging overhead", "interleaved", "step / floor", "forward", "backward", "masking", "measuring", "update", "store",
                "logging overhead in CPU time", "store writer thread CPU", "heap peak", "off-heap");
    }

    @Test
    void densityCurveJsonHasBothKernelsAtEveryDensity(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.json");
        Files.writeString(spec, MLP.formatted(dir.resolve("absent").toString().replace("\\", "/")));
        CliRun run = CliRun.of("bench", "--spec", spec.toString(), "--density-curve", "--densities", "0.1,1",
                "--steps", "3", "--rounds", "1", "--json");
        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode r = MAPPER.readTree(run.out());
        assertThat(r.get("batch").asInt()).isEqualTo(16);
        JsonNode points = r.get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).get("density").asDouble()).isEqualTo(0.1);
        assertThat(points.get(1).get("density").asDouble()).isEqualTo(1.0);
        for (JsonNode p : points) {
            for (String f : List.of("denseUnloggedMillis", "sparseUnloggedMillis", "denseLoggedMillis", "sparseLoggedMillis",
                    "denseKernelMillis", "sparseKernelMillis")) {
                assertThat(p.get(f).asDouble()).as(f).isPositive().isFinite();
            }
        }
    }

    @Test
    void densityCurveOfANonMlpOrABadDensityIsOneClearLine(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.json");
        Files.writeString(spec, CNN.formatted(dir.resolve("absent").toString().replace("\\", "/")));
        CliRun cnn = CliRun.of("bench", "--spec", spec.toString(), "--density-curve");
        assertThat(cnn.code()).isEqualTo(2);
        assertThat(cnn.err()).contains("--density-curve: sparse kernels run MLPs only");
        assertThat(cnn.clean()).isTrue();
        Files.writeString(spec, MLP.formatted(dir.resolve("absent").toString().replace("\\", "/")));
        CliRun bad = CliRun.of("bench", "--spec", spec.toString(), "--density-curve", "--densities", "0.1,0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--densities: expected densities in (0, 1], got 0.0");
    }

    @Test
    void benchWithoutSpecOrPresetIsOneClearLine() {
        CliRun run = CliRun.of("bench", "--preset", "resnet50");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--preset: expected mlp, cnn or wrn");
        assertThat(run.clean()).isTrue();
        CliRun none = CliRun.of("bench");
        assertThat(none.err()).contains("--spec FILE or --preset");
    }

    private static JsonNode bench(Path dir, String template, String rounds) throws Exception {
        Path spec = dir.resolve("s.json");
        Files.writeString(spec, template.formatted(dir.resolve("absent").toString().replace("\\", "/")));
        CliRun run = CliRun.of("bench", "--spec", spec.toString(), "--steps", "5", "--rounds", rounds, "--json");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.err()).contains("generated data in its shape");
        return MAPPER.readTree(run.out());
    }

    private static List<String> names(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void assertConsistent(JsonNode r) {
        for (String f : List.of("loggedExamplesPerSecond", "unloggedExamplesPerSecond", "loggedStepMillis",
                "unloggedStepMillis", "floorMillis", "floorRatio")) {
            assertThat(r.get(f).isNumber()).as(f).isTrue();
            assertThat(r.get(f).asDouble()).as(f).isPositive().isFinite();
        }
        for (String f : List.of("loggingOverhead", "loggingOverheadMin", "loggingOverheadMax", "interleavedOverhead")) {
            assertThat(r.get(f).isNumber()).as(f).isTrue();
            assertThat(r.get(f).asDouble()).as(f).isGreaterThan(-1).isFinite();
        }
        assertThat(r.get("loggingOverheadMin").asDouble()).isLessThanOrEqualTo(r.get("loggingOverhead").asDouble());
        // CPU time per step: positive where the JVM reports process CPU time (HotSpot on Linux does)
        for (String f : List.of("loggedCpuMillisPerStep", "unloggedCpuMillisPerStep")) {
            assertThat(r.get(f).isNumber()).as(f).isTrue();
            assertThat(r.get(f).asDouble()).as(f).isPositive().isFinite();
        }
        assertThat(r.get("cpuLoggingOverhead").asDouble()).isGreaterThan(-1).isFinite();
        assertThat(r.get("storeWriterCpuMillisPerStep").asDouble()).isNotNegative().isFinite();
        assertThat(r.get("loggingOverheadMax").asDouble()).isGreaterThanOrEqualTo(r.get("loggingOverhead").asDouble());
        int batch = r.get("batch").asInt();
        // examples/s and step time come from the same segments
        assertThat(r.get("unloggedExamplesPerSecond").asDouble() * r.get("unloggedStepMillis").asDouble() / 1e3)
                .isCloseTo(batch, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(r.get("loggedExamplesPerSecond").asDouble() * r.get("loggedStepMillis").asDouble() / 1e3)
                .isCloseTo(batch, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(r.get("floorRatio").asDouble())
                .isCloseTo(r.get("unloggedStepMillis").asDouble() / r.get("floorMillis").asDouble(),
                        org.assertj.core.data.Percentage.withPercentage(1e-6));
        for (String kind : List.of("loggedBreakdown", "unloggedBreakdown")) {
            JsonNode p = r.get(kind);
            double named = 0;
            for (String f : List.of("forward", "backward", "masking", "measuring", "update", "store")) {
                assertThat(p.get(f).asDouble()).as(kind + "." + f).isGreaterThanOrEqualTo(0).isFinite();
                named += p.get(f).asDouble();
            }
            double step = p.get("step").asDouble();
            assertThat(named).as(kind + ": named phases within the step").isLessThanOrEqualTo(step * (1 + 1e-9));
            assertThat(named + p.get("other").asDouble()).as(kind + ": phases add up").isCloseTo(step,
                    org.assertj.core.data.Offset.offset(step * 1e-9));
            // the breakdown's step is the mean over the same segments' timed steps (with 1 or 2 rounds, the median segment
            // is the mean of the segments); both are timed between step ends, by separate clock reads
            String millis = kind.startsWith("logged") ? "loggedStepMillis" : "unloggedStepMillis";
            assertThat(step).isCloseTo(r.get(millis).asDouble(), org.assertj.core.data.Percentage.withPercentage(0.5));
        }
        assertThat(r.get("unloggedBreakdown").get("measuring").asDouble()).isZero();
        assertThat(r.get("unloggedBreakdown").get("store").asDouble()).isZero();
        assertThat(r.get("loggedBreakdown").get("store").asDouble()).isPositive();
        assertThat(r.get("nd4jBinary").asText()).startsWith(System.getProperty("os.name").toLowerCase().contains("linux") ? "linux-" : "");
        JsonNode m = r.get("memory");
        assertThat(m.get("heapPeakBytes").asLong()).isPositive().isLessThanOrEqualTo(m.get("heapMaxBytes").asLong() * 2);
        assertThat(m.get("offHeapPeakBytes").asLong()).isPositive();
        assertThat(m.get("nd4jArraysPeakBytes").asLong()).isPositive();
        assertThat(m.get("residentPeakBytes").asLong()).isGreaterThan(m.get("offHeapPeakBytes").asLong() / 2);
    }
}
