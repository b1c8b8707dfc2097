package dev.gradflow.app.runs;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunAnnotation;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tags and notes on the Runs page through the view model and a real SQLite store: annotate, reload, filter by tag
 * (the list, not a substring) and by note, saved views keeping the filter.
 */
class RunNotesAndTagsTest {
    @TempDir Path dir;
    private RunStore store;
    private RunsViewModel vm;

    @BeforeEach
    void setUp() {
        store = RunStore.open(dir.resolve("runs.db"));
        for (String n : List.of("a", "b", "c", "d")) {
            long id = store.createRun(new NewRun(n, "{}", "h", "spirals", "adam", "relu", 0.5, 1L, Map.of(), List.of()));
            store.finish(id, RunStatus.FINISHED, "");
        }
        vm = newViewModel();
        vm.refresh();
        vm.annotate(named("a"), List.of("paper", "fig 3"), "lr sweep\nsecond line");
        vm.annotate(named("b"), List.of("paper-draft"), "baseline");
        vm.setNote(named("c"), "LR too high");
        // d: nothing
    }

    @AfterEach
    void tearDown() { store.close(); }

    private RunsViewModel newViewModel() {
        return new RunsViewModel(() -> store, new CurrentThreadTaskExecutor(), new SavedViews(dir.resolve("views")));
    }

    private RunSummary named(String n) {
        return vm.allRuns().stream().filter(r -> r.name().equals(n)).findFirst().orElseThrow();
    }

    private List<String> shown() { return vm.runs().stream().map(RunSummary::name).sorted().toList(); }

    @Test
    void annotationsAreStoredAndAFreshViewModelReadsThemBack() {
        assertThat(store.annotation(named("a").id())).isEqualTo(new RunAnnotation(named("a").id(), List.of("paper", "fig 3"),
                "lr sweep\nsecond line"));
        vm = newViewModel();
        vm.refresh();
        assertThat(vm.annotation(named("a")).tags()).containsExactly("paper", "fig 3");
        assertThat(vm.annotation(named("a")).note()).isEqualTo("lr sweep\nsecond line");
        assertThat(RunsViewModel.firstLine(vm.annotation(named("a")).note())).isEqualTo("lr sweep");
        assertThat(vm.annotation(named("c")).tags()).isEmpty();
        assertThat(vm.annotation(named("c")).note()).isEqualTo("LR too high");
        assertThat(vm.annotation(named("d")).note()).isEmpty();
        assertThat(store.run(named("a").id()).orElseThrow().tags()).isEqualTo("paper, fig 3");
    }

    @ParameterizedTest(name = "''{0}'' shows {1}")
    @CsvSource(delimiter = '|', value = {
            "tag = paper | a",                    // exactly the tag: b's paper-draft does not count
            "tags = paper | a",
            "TAG = Paper | a",                    // case-insensitive like every text comparison
            "tag = \"fig 3\" | a",
            "tag = fig | ''",
            "tag ~ paper | a b",
            "tag != paper | b c d",
            "note ~ lr | a c",
            "note ~ \"lr sweep\" | a",
            "note ~ second | a",                  // the whole note, not only its first line
            "note = baseline | b",
            "sweep | a",                          // free text finds note text
            "\"too high\" | c",
            "paper-draft | b",                    // and tags
            "tag = paper note ~ second | a",
            "tag = paper note ~ baseline | ''"})
    void filterSelectsExactlyTheExpectedRuns(String query, String expected) {
        vm.filterProperty().set(query);
        assertThat(shown()).isEqualTo(expected.isBlank() ? List.of() : Arrays.asList(expected.split(" ")));
    }

    @Test
    void aNoteKeepsTheTagsAndTagsKeepTheNote() {
        vm.setNote(named("a"), "replaced");
        assertThat(vm.annotation(named("a")).tags()).containsExactly("paper", "fig 3");
        vm.setTags(named("a"), " camera-ready ,, paper ");
        assertThat(vm.annotation(named("a"))).isEqualTo(new RunAnnotation(named("a").id(), List.of("camera-ready", "paper"), "replaced"));
        vm.filterProperty().set("tag = camera-ready");
        assertThat(shown()).containsExactly("a");
        vm.filterProperty().set("tag = \"fig 3\"");
        assertThat(shown()).isEmpty();
    }

    @Test
    void aTagWithACommaOrALineBreakIsRefusedWithOneLineAndNothingIsWritten() {
        RunSummary d = named("d");
        vm.annotate(d, List.of("ok", "a,b"), "note");
        String status = vm.statusProperty().get();
        assertThat(status).startsWith("Tags of run " + d.id() + " not saved: tag \"a,b\" contains a comma or a line break")
                .doesNotContain("\n");
        vm.setTags(d, "ok, two\nlines");
        assertThat(vm.statusProperty().get()).startsWith("Tags of run " + d.id() + " not saved: tag \"two\\nlines\"")
                .doesNotContain("\n");
        assertThat(store.annotation(d.id())).isEqualTo(new RunAnnotation(d.id(), List.of(), ""));
    }

    @Test
    void aSavedViewKeepsATagAndNoteFilterAndSelectsTheSameRuns() throws Exception {
        String query = "tag = \"fig 3\" note ~ \"lr sweep\"";
        vm.filterProperty().set(query);
        assertThat(shown()).containsExactly("a");
        vm.saveView("fig 3 runs");
        assertThat(new SavedViews(dir.resolve("views")).load("fig 3 runs").filter()).isEqualTo(query);

        RunsViewModel other = newViewModel();
        other.refresh();
        assertThat(other.loadView("fig 3 runs")).isTrue();
        assertThat(other.filterProperty().get()).isEqualTo(query);
        assertThat(other.runs()).extracting(RunSummary::name).containsExactly("a");
    }
}
