package dev.gradflow.app.runs;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunsViewModelTest {
    @TempDir Path dir;
    private RunStore store;
    private RunsViewModel vm;

    @BeforeEach
    void setUp() {
        store = RunStore.open(dir.resolve("runs.db"));
        long a = store.createRun(run("relu-sparse", "adam", "relu"));
        store.finish(a, RunStatus.FINISHED, "");
        long b = store.createRun(run("swish-sparse", "sgd", "swish"));
        store.finish(b, RunStatus.CANCELLED, "cancelled");
        vm = new RunsViewModel(() -> store, new CurrentThreadTaskExecutor());
        vm.refresh();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static NewRun run(String name, String optimizer, String activation) {
        return new NewRun(name, "{}", "00", "spirals", optimizer, activation, 0.5, 1L, Map.of(), List.of());
    }

    @Test
    void refreshListsTheStoreNewestFirst() {
        assertThat(vm.runs()).extracting(r -> r.name()).containsExactly("swish-sparse", "relu-sparse");
        assertThat(vm.statusProperty().get()).startsWith("2 runs");
    }

    @Test
    void aStaleRefreshResultDoesNotOverwriteANewerOne() {
        List<Runnable> background = new java.util.ArrayList<>();
        var deferred = new dev.gradflow.app.task.TaskExecutor() {
            @Override public void background(Runnable work) { background.add(work); }
            @Override public void ui(Runnable update) { update.run(); }
        };
        RunsViewModel slow = new RunsViewModel(() -> store, deferred);
        slow.refresh();                       // older: will see the old name
        background.remove(0).run();           // ...but suppose it was slow: run it after the newer one instead
        assertThat(slow.allRuns()).hasSize(2);
        store.rename(slow.allRuns().get(0).id(), "newer");
        slow.refresh();
        slow.refresh();
        Runnable older = background.remove(0);
        background.remove(0).run();            // newest refresh lands first
        store.rename(slow.allRuns().get(0).id(), "stale-should-not-show");
        older.run();                           // older refresh lands last and must be dropped
        assertThat(slow.allRuns().get(0).name()).isEqualTo("newer");
    }

    @Test
    void filterMatchesEveryTermAcrossColumns() {
        vm.filterProperty().set("sgd cancelled");
        assertThat(vm.runs()).extracting(r -> r.name()).containsExactly("swish-sparse");
        vm.filterProperty().set("adam swish");
        assertThat(vm.runs()).isEmpty();
        vm.filterProperty().set("");
        assertThat(vm.runs()).hasSize(2);
    }

    @Test
    void renameTagAndDeleteWriteThroughToTheStore() {
        var first = vm.runs().get(0);
        vm.rename(first, "renamed");
        assertThat(store.run(first.id()).orElseThrow().name()).isEqualTo("renamed");
        vm.setTags(vm.runs().get(0), "paper, fig3");
        assertThat(store.run(first.id()).orElseThrow().tags()).isEqualTo("paper, fig3");
        vm.filterProperty().set("fig3");
        assertThat(vm.runs()).hasSize(1);
        vm.delete(List.of(vm.runs().get(0)));
        assertThat(store.listRuns()).hasSize(1);
        assertThat(vm.allRuns()).hasSize(1);
    }
}
