package dev.gradflow.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradflow.model.run.RunLauncher;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.Problem;
import dev.gradflow.model.spec.SpecException;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.spec.TrainingSpec.Kernels;
import dev.gradflow.model.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code training.kernels}: parsing, the validator's rules, the hash of specs without it, and the stored mode. */
class KernelModeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode sample(String file) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("..", "sample-data", "specs", file)));
    }

    private static List<String> problems(ObjectNode tree) {
        SpecException e = catchThrowableOfType(() -> SpecIO.parse(tree.toString(), "k.json"), SpecException.class);
        return e == null ? List.of() : e.problems().stream().map(Problem::message).toList();
    }

    @Test
    void kernelsIsParsedAndAbsentMeansAutoWithTheHashOfSpecsWrittenBeforeTheField() throws Exception {
        ObjectNode tree = sample("fmnist-mlp-sparse90.json");
        ExperimentSpec without = SpecIO.parse(tree.toString(), "x");
        assertThat(without.training().kernels()).isNull();
        assertThat(without.training().kernelMode()).isEqualTo(Kernels.AUTO);
        assertThat(SpecIO.toJson(without)).doesNotContain("kernels");
        for (Kernels k : Kernels.values()) {
            tree.with("training").put("kernels", k.id());
            ExperimentSpec with = SpecIO.parse(tree.toString(), "x");
            assertThat(with.training().kernelMode()).isEqualTo(k);
            assertThat(SpecIO.parse(SpecIO.toJson(with), "again")).isEqualTo(with);
            assertThat(SpecIO.hash(with)).isNotEqualTo(SpecIO.hash(without));
        }
        tree.with("training").put("kernels", "fast");
        assertThat(problems(tree)).anySatisfy(m -> assertThat(m).startsWith("training.kernels: \"fast\" is not allowed")
                .contains("auto", "dense", "sparse"));
    }

    @Test
    void sparseKernelsAreRejectedWhereTheyCannotRunWithOneLineNamingTheField() throws Exception {
        ObjectNode cnn = sample("cifar10-paper-cnn.json");
        cnn.with("training").put("kernels", "sparse");
        assertThat(problems(cnn)).contains("training.kernels: \"sparse\" is not allowed; expected auto or dense for "
                + "architecture.type cnn (sparse kernels run the hidden layers of an mlp only)");
        ObjectNode pruned = sample("fmnist-gradual-pruning.json");
        pruned.with("training").put("kernels", "sparse");
        assertThat(problems(pruned)).contains("training.kernels: \"sparse\" is not allowed; expected auto or dense with "
                + "sparsity.pruning (sparse kernels need masks fixed for the whole run)");
        ObjectNode rigl = sample("fmnist-rigl.json");
        rigl.with("training").put("kernels", "sparse");
        assertThat(problems(rigl)).anySatisfy(m -> assertThat(m).startsWith("training.kernels:").contains("sparsity.dynamic"));
        for (String auto : List.of("auto", "dense")) {
            cnn.with("training").put("kernels", auto);
            pruned.with("training").put("kernels", auto);
            assertThat(problems(cnn)).isEmpty();
            assertThat(problems(pruned)).isEmpty();
        }
    }

    @Test
    void autoNeverPicksSparseKernelsWhenMasksChange() throws Exception {
        ObjectNode pruned = sample("fmnist-gradual-pruning.json");
        pruned.with("sparsity").put("density", 0.05);
        ExperimentSpec spec = SpecIO.parse(pruned.toString(), "x");
        assertThat(NetworkFactory.sparseKernelLayers(spec, 784, 10)).containsOnly(false);
        ObjectNode rigl = sample("fmnist-rigl.json");
        assertThat(NetworkFactory.sparseKernelLayers(SpecIO.parse(rigl.toString(), "x"), 784, 10)).containsOnly(false);
    }

    @Test
    void theKernelModeUsedIsStoredWithTheRun(@TempDir Path dir) {
        var data = SparseKernelEquivalenceTest.data();
        var opt = TinySpecs.optimizer(dev.gradflow.model.spec.OptimizerSpec.Type.SGD, 0.1, 0, 0, 0);
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            RunLauncher launcher = new RunLauncher(store, List.of());
            for (Kernels k : List.of(Kernels.SPARSE, Kernels.DENSE)) {
                ExperimentSpec spec = SparseKernelEquivalenceTest.spec(opt, false, 0, k);
                long id = launcher.run(spec, data, new TrainingObserver() { }, () -> false).runId();
                assertThat(store.provenance(id).get("kernels"))
                        .isEqualTo(k == Kernels.SPARSE ? "sparse: dense1, dense2" : "dense");
            }
        }
    }
}
