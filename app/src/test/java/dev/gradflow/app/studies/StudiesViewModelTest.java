package dev.gradflow.app.studies;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.model.study.StudyReport;
import dev.gradflow.model.study.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Studies page's state, synchronously (no FX toolkit): a tiny SC-SDC study on spirals trains in seconds. */
class StudiesViewModelTest {
    static final String TINY = """
            { "name": "tiny-ui", "description": "two optimizers, one width, two seeds",
              "base": { "dataset": { "id": "spirals", "examples": 200 },
                        "architecture": { "layers": [ { "width": 12 } ] },
                        "optimizer": { "type": "adam", "learningRate": 0.01 },
                        "training": { "batchSize": 32, "epochs": 1 },
                        "evaluation": { "points": 2, "examples": 40, "snapshots": false } },
              "axes": { "optimizer.type": ["sgd", "adam"] },
              "seeds": [1, 2],
              "scsdc": { "denseWidths": [6] } }
            """;

    static Path tiny(Path dir) throws Exception {
        Path f = dir.resolve("tiny-ui.json");
        Files.writeString(f, TINY);
        return f;
    }

    @Test
    void loadShowsSizeAndEstimateAndRejectsBrokenFiles(@TempDir Path dir) throws Exception {
        var vm = new StudiesViewModel(() -> dir.resolve("runs.db"), new CurrentThreadTaskExecutor(), Runnable::run);
        assertThat(vm.loadedProperty().get()).isFalse();
        assertThat(vm.load(tiny(dir))).isTrue();
        assertThat(vm.rows()).hasSize(8);
        assertThat(vm.rows()).allMatch(r -> r.statusProperty().get().equals("queued"));
        assertThat(vm.summaryProperty().get()).startsWith("8 runs (2 configurations x 2 seeds x 1 widths x sparse+dense)")
                .contains("estimated");
        assertThat(vm.estimatedSeconds()).isPositive();
        assertThat(vm.titleProperty().get()).startsWith("tiny-ui (scsdc)");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{ \"name\": \"x\", \"axes\": ");
        assertThat(vm.load(broken)).isFalse();
        assertThat(vm.titleProperty().get()).startsWith("Cannot use broken.json");
        assertThat(vm.rows()).hasSize(8); // the previous study stays
    }

    @Test
    void startReportsProgressPerRunAndTablesWithSignificanceClasses(@TempDir Path dir) throws Exception {
        var vm = new StudiesViewModel(() -> dir.resolve("runs.db"), new CurrentThreadTaskExecutor(), Runnable::run);
        vm.load(tiny(dir));
        List<Double> firstRun = new ArrayList<>();
        vm.rows().get(0).progressProperty().addListener((o, a, b) -> firstRun.add(b.doubleValue()));
        List<Double> overall = new ArrayList<>();
        vm.progressProperty().addListener((o, a, b) -> overall.add(b.doubleValue()));
        List<Integer> tableCounts = new ArrayList<>();
        vm.tables().addListener((javafx.collections.ListChangeListener<Table>) c -> tableCounts.add(vm.tables().size()));

        vm.start(); // synchronous here

        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.summaryProperty().get()).startsWith("study ").contains("8 trained, 0 already done, 0 failed");
        assertThat(vm.rows()).allMatch(r -> r.statusProperty().get().equals("finished") && r.progressProperty().get() == 1.0);
        assertThat(firstRun).as("intermediate progress of one run").anyMatch(v -> v > 0 && v < 1).endsWith(1.0);
        assertThat(overall).isSorted().endsWith(1.0);
        assertThat(tableCounts).as("tables arrive after runs finish, not only at the end").hasSizeGreaterThan(1);

        Table paired = vm.tables().stream().filter(t -> t.title().startsWith(StudyReport.SCSDC_TITLE)).findFirst().orElseThrow();
        assertThat(paired.rows()).extracting(r -> r.get(0)).containsExactly("sgd", "adam");
        int pCol = paired.header().indexOf("p (t)");
        for (int r = 0; r < paired.rows().size(); r++) {
            assertThat(StudiesViewModel.cellClasses(paired, r, 0)).containsExactly("study-cell");
            Double p = paired.pValues().get(r).get(pCol);
            assertThat(p).isNotNull();
            assertThat(StudiesViewModel.cellClasses(paired, r, pCol)).containsExactly("study-cell", Table.significance(p));
        }

        // again: everything is already in the store
        vm.load(tiny(dir));
        vm.start();
        assertThat(vm.rows()).allMatch(r -> r.statusProperty().get().equals("done"));
        assertThat(vm.summaryProperty().get()).contains("0 trained, 8 already done");
    }

    @Test
    void pValuesMapToSignificanceClasses() {
        Table t = new Table.Builder("p", List.of("row", "a", "b", "c", "d", "e"))
                .row(List.of("x", "0.003", "0.03", "0.07", "0.5", "n/a"), java.util.Arrays.asList(null, 0.003, 0.03, 0.07, 0.5, Double.NaN))
                .build();
        assertThat(StudiesViewModel.cellClasses(t, 0, 0)).containsExactly("study-cell");
        assertThat(StudiesViewModel.cellClasses(t, 0, 1)).contains("p001");
        assertThat(StudiesViewModel.cellClasses(t, 0, 2)).contains("p005");
        assertThat(StudiesViewModel.cellClasses(t, 0, 3)).contains("p010");
        assertThat(StudiesViewModel.cellClasses(t, 0, 4)).contains("ns");
        assertThat(StudiesViewModel.cellClasses(t, 0, 5)).contains("na");
    }

    @Test
    void theChosenStudyOfTheStoreAndFigureKindGiveThatFigureOrSayWhyNot() {
        java.nio.file.Path store = StudiesFigureUiTest.fixture();
        var vm = new StudiesViewModel(() -> store, new CurrentThreadTaskExecutor(), Runnable::run);
        vm.refreshStudies();
        assertThat(vm.storedStudies()).extracting(dev.gradflow.model.study.StudyStore.StudyInfo::name).containsExactly("figs");
        assertThat(vm.selectedStudyProperty().get().name()).isEqualTo("figs"); // the newest study is chosen
        assertThat(vm.figureProperty().get().kind()).isEqualTo("study-egf"); // the default kind
        assertThat(vm.tables()).isNotEmpty();
        for (var kind : java.util.List.of(dev.gradflow.charts.study.StudyFigures.Kind.scsdc, dev.gradflow.charts.study.StudyFigures.Kind.pvalues,
                dev.gradflow.charts.study.StudyFigures.Kind.correlations, dev.gradflow.charts.study.StudyFigures.Kind.egf)) {
            vm.figureKindProperty().set(kind);
            assertThat(vm.figureProperty().get()).as(kind.name()).isNotNull();
            assertThat(vm.figureProperty().get().kind()).isEqualTo("study-" + kind.name());
            assertThat(vm.figureMessageProperty().get()).isEmpty();
        }
        // a kind that does not fit says why: the fixture's only axis (optimizer.type) is not numeric
        vm.figureKindProperty().set(dev.gradflow.charts.study.StudyFigures.Kind.metric);
        assertThat(vm.figureProperty().get()).isNull();
        assertThat(vm.figureMessageProperty().get()).startsWith("figs: no value against an axis").contains("numeric");
        var none = new StudiesViewModel(() -> store.resolveSibling("none.db"), new CurrentThreadTaskExecutor(), Runnable::run);
        none.refreshStudies();
        assertThat(none.storedStudies()).isEmpty();
        assertThat(none.figureProperty().get()).isNull();
    }
}
