package dev.gradflow.app.runs;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.RunSummary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunFilterTest {
    static final RunSummary SPARSE = new RunSummary(7, "quick-demo", RunStatus.FINISHED, "fashion-mnist-sample", "adam", "relu",
            0.1, 3, "baseline", null, null, 200, 0.8123, 0.5, 0.0123, null);
    static final RunSummary DENSE = new RunSummary(8, "quick-demo density=1.0", RunStatus.RUNNING, "fashion-mnist-sample", "sgd",
            "relu", 1.0, 3, null, null, null, 50, null, null, null, null);

    @ParameterizedTest(name = "''{0}'' -> sparse {1}, dense {2}")
    @CsvSource(delimiter = '|', value = {
            "density < 0.2 | true | false",
            "density<0.2 | true | false",
            "density >= 1 | false | true",
            "density = 0.1 | true | false",
            "optimizer = adam | true | false",
            "optimizer != adam | false | true",
            "acc >= 0.8 | true | false",          // a run without accuracy fails every comparison on it
            "accuracy < 0.8 | false | false",
            "seed = 3 | true | true",
            "steps > 100 | true | false",
            "0.1 | true | false",                 // numbers match as free text
            "1.0 | false | true",
            "#8 | false | true",
            "quick-demo density | false | true",
            "quick-demo optimizer = sgd | false | true",
            "running | false | true",
            "baseline | true | false",
            "tag = baseline | true | false",      // the tag list: exact tags, case-insensitive
            "tag = base | false | false",
            "tag ~ base | true | false",
            "tag != baseline | false | true",
            "name ~ density= | false | true",     // ~ is contains on any field
            "density ~ 0.1 | true | false",
            "name = \"quick-demo density=1.0\" | false | true",
            "\"demo density\" | false | true"})
    void termsAllHold(String query, boolean sparse, boolean dense) {
        assertThat(RunFilter.matches(SPARSE, query)).as("sparse").isEqualTo(sparse);
        assertThat(RunFilter.matches(DENSE, query)).as("dense").isEqualTo(dense);
    }

    @Test
    void placeholderSaysNoRunsMatchWhenTheFilterHidesEverything() {
        RunsViewModel vm = new RunsViewModel(() -> null, new CurrentThreadTaskExecutor());
        assertThat(vm.placeholderText().get()).isEqualTo("No runs in this store yet.");
        vm.allRuns().setAll(List.of(SPARSE, DENSE));
        vm.filterProperty().set("density < 0.01");
        assertThat(vm.runs()).isEmpty();
        assertThat(vm.placeholderText().get()).startsWith("No runs match \"density < 0.01\" (2 runs in the store)");
        vm.filterProperty().set("density < 0.2");
        assertThat(vm.runs()).containsExactly(SPARSE);
    }
}
