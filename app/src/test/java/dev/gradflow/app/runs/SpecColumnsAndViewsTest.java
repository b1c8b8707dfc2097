package dev.gradflow.app.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Spec columns read from each run's stored spec, filters on spec paths, grouping by configuration, saved views. */
class SpecColumnsAndViewsTest {
    @TempDir Path dir;
    private RunStore store;
    private RunsViewModel vm;

    static String spec(String name, long seed, String optimizer, double density, int epochs) {
        return """
                {"version": 2, "name": "%s", "seed": %d, "dataset": {"id": "spirals"},
                 "architecture": {"type": "mlp", "layers": [{"width": 16, "activation": "relu"}]},
                 "sparsity": {"density": %s}, "optimizer": {"type": "%s", "learningRate": 0.01},
                 "training": {"batchSize": 32, "epochs": %d}}""".formatted(name, seed, density, optimizer, epochs);
    }

    private long add(String name, long seed, String optimizer, double density, int epochs) {
        long id = store.createRun(new NewRun(name, spec(name, seed, optimizer, density, epochs), "h", "spirals", optimizer,
                "relu", density, seed, Map.of(), List.of()));
        store.finish(id, RunStatus.FINISHED, "");
        return id;
    }

    @BeforeEach
    void setUp() {
        store = RunStore.open(dir.resolve("runs.db"));
        add("a s1", 1, "adam", 0.1, 2);
        add("a s2", 2, "adam", 0.1, 2);
        add("b", 1, "sgd", 0.5, 5);
        add("a s3", 3, "adam", 0.1, 2);
        vm = new RunsViewModel(() -> store, new CurrentThreadTaskExecutor(), new SavedViews(dir.resolve("views")));
        vm.refresh();
    }

    @AfterEach
    void tearDown() { store.close(); }

    RunSummary named(String n) { return vm.allRuns().stream().filter(r -> r.name().equals(n)).findFirst().orElseThrow(); }

    @Test
    void columnPickerListsTheSpecsJsonPathsAndCellsReadEachRunsSpec() {
        assertThat(vm.specPaths()).contains("optimizer.type", "sparsity.density", "training.epochs",
                "architecture.layers[0].width", "seed", "name");
        assertThat(vm.specValue(named("b"), "optimizer.type")).isEqualTo("sgd");
        assertThat(vm.specValue(named("b"), "training.epochs")).isEqualTo(5.0);
        assertThat(vm.specValue(named("a s2"), "sparsity.density")).isEqualTo(0.1);
        assertThat(SpecFields.format(5.0)).isEqualTo("5");
        assertThat(SpecFields.format(0.001)).isEqualTo("0.001");
        // numbers sort numerically (2 < 10), before text; missing last
        assertThat(List.of(10.0, 2.0, "x", 3.5).stream().sorted(SpecFields::compare).toList()).containsExactly(2.0, 3.5, 10.0, "x");
    }

    @Test
    void filterComparesSpecPaths() {
        vm.filterProperty().set("optimizer.type = sgd");
        assertThat(vm.runs()).extracting(RunSummary::name).containsExactly("b");
        vm.filterProperty().set("training.epochs < 3 sparsity.density <= 0.1");
        assertThat(vm.runs()).extracting(RunSummary::name).containsExactlyInAnyOrder("a s1", "a s2", "a s3");
        vm.filterProperty().set("optimizer.learningrate = 0.01"); // case-insensitive path
        assertThat(vm.runs()).hasSize(4);
    }

    @Test
    void runsEqualExceptSeedAndNameShareAConfiguration() {
        assertThat(vm.configKey(named("a s1"))).isEqualTo(vm.configKey(named("a s3")));
        assertThat(vm.configKey(named("a s1"))).isNotEqualTo(vm.configKey(named("b")));
        assertThat(vm.groupLabel(named("a s2"))).endsWith("3 runs");
        assertThat(vm.groupLabel(named("b"))).endsWith("1 run");
        // the newest run ("a s3") comes first, so its configuration is number 1
        assertThat(vm.groupNumber(named("a s1"))).isEqualTo(1);
        assertThat(vm.groupNumber(named("b"))).isEqualTo(2);
    }

    @Test
    void aSavedViewComesBackWithColumnsFilterSortAndGrouping() throws Exception {
        vm.columns().setAll("optimizer.type", "training.epochs");
        vm.filterProperty().set("density < 0.2");
        vm.sortProperty().set(List.of(new SavedView.Sort("spec:training.epochs", false), new SavedView.Sort("name", true)));
        vm.groupedProperty().set(true);
        vm.saveView("adam sweep");
        Path file = dir.resolve("views").resolve("adam sweep.json");
        assertThat(file).exists();
        var json = new ObjectMapper().readTree(file.toFile()); // the file is plain JSON another tool can read
        assertThat(json.get("columns").get(1).asText()).isEqualTo("training.epochs");
        assertThat(json.get("sort").get(0).get("ascending").asBoolean()).isFalse();

        vm.columns().clear();
        vm.filterProperty().set("");
        vm.sortProperty().set(List.of());
        vm.groupedProperty().set(false);
        assertThat(vm.viewNames()).containsExactly("adam sweep");
        assertThat(vm.loadView("adam sweep")).isTrue();
        assertThat(vm.columns()).containsExactly("optimizer.type", "training.epochs");
        assertThat(vm.filterProperty().get()).isEqualTo("density < 0.2");
        assertThat(vm.sortProperty().get()).containsExactly(new SavedView.Sort("spec:training.epochs", false), new SavedView.Sort("name", true));
        assertThat(vm.groupedProperty().get()).isTrue();
        assertThat(vm.runs()).hasSize(3);
    }

    @Test
    void aCorruptViewFileGivesOneLineAndChangesNothing() throws Exception {
        vm.columns().setAll("optimizer.type");
        vm.saveView("good");
        Path bad = dir.resolve("views").resolve("broken.json");
        Files.writeString(bad, "{\"columns\": [\"optimizer.type\", \n");
        vm.refreshViewNames();
        assertThat(vm.viewNames()).containsExactly("broken", "good");
        vm.filterProperty().set("adam");
        assertThat(vm.loadView("broken")).isFalse();
        String msg = vm.statusProperty().get();
        assertThat(msg).doesNotContain("\n").contains("broken.json").contains("expected JSON").contains("nothing was changed");
        assertThat(vm.columns()).containsExactly("optimizer.type");
        assertThat(vm.filterProperty().get()).isEqualTo("adam");
        assertThat(Files.readString(bad)).isEqualTo("{\"columns\": [\"optimizer.type\", \n"); // the file is kept as it was
        assertThat(vm.loadView("good")).isTrue();

        Files.writeString(bad, "[1, 2]");
        assertThat(vm.loadView("broken")).isFalse();
        assertThat(vm.statusProperty().get()).doesNotContain("\n").contains("broken.json");
    }
}
