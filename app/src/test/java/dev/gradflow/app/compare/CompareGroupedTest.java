package dev.gradflow.app.compare;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.charts.bench.SyntheticRuns;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.figure.PanelsFigure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Compare grouped by configuration: rows are configurations, heatmaps the mean per cell, curves mean and band. */
class CompareGroupedTest {
    static final double T2 = 4.302652729749462; // scipy.stats.t.ppf(0.975, 2); table 4.303

    static List<RunSeries> runs() {
        return List.of(SyntheticRuns.run("#1 quick-demo s1", 3, 40, 1.0, 1), SyntheticRuns.run("#2 quick-demo s2", 3, 40, 1.0, 2),
                SyntheticRuns.run("#3 dense", 3, 40, 3.0, 3), SyntheticRuns.run("#4 quick-demo s3", 3, 40, 1.0, 4));
    }

    static CompareViewModel grouped() {
        CompareViewModel vm = new CompareViewModel(r -> { throw new AssertionError(); }, new CurrentThreadTaskExecutor());
        vm.showWithConfigurations(runs(), List.of("A", "A", "B", "A"));
        vm.groupedProperty().set(true);
        return vm;
    }

    @Test
    void groupedRowsAreConfigurationsWithTheMeanPerCell() {
        CompareViewModel vm = grouped();
        assertThat(vm.rows()).extracting(RunSeries::label).containsExactly("quick-demo (n=3)", "#3 dense (n=1)");
        List<RunSeries> a = List.of(runs().get(0), runs().get(1), runs().get(3));
        double want = 0;
        for (RunSeries r : a) want += r.layerValues(Measure.L2_ACTIVE)[2][7];
        assertThat(vm.rows().get(0).layerValues(Measure.L2_ACTIVE)[2][7]).isCloseTo(want / 3, within(1e-15));
        HeatmapFigure h = vm.heatmap(0, FigureStyle.defaults(), vm.sharedScale(FigureStyle.defaults()), true);
        assertThat(h.title()).isEqualTo("quick-demo (n=3)");
        assertThat(vm.statusProperty().get()).contains("2 configurations");
        vm.groupedProperty().set(false);
        assertThat(vm.rows()).hasSize(4);
    }

    @Test
    void aGroupIsNamedByWhatItsRunNamesShareWithoutTheSeed() {
        assertThat(CompareViewModel.groupLabel(List.of(SyntheticRuns.run("#7 sweep/density=0.1,type=adam/s1", 1, 3, 1, 1),
                SyntheticRuns.run("#8 sweep/density=0.1,type=adam/s2", 1, 3, 1, 2)))).isEqualTo("sweep/density=0.1,type=adam");
        assertThat(CompareViewModel.groupLabel(List.of(SyntheticRuns.run("#1 quick-demo seed=1", 1, 3, 1, 1),
                SyntheticRuns.run("#2 quick-demo seed=2", 1, 3, 1, 2)))).isEqualTo("quick-demo");
        assertThat(CompareViewModel.groupLabel(List.of(SyntheticRuns.run("#1 runs", 1, 3, 1, 1),
                SyntheticRuns.run("#2 runs", 1, 3, 1, 2)))).isEqualTo("runs");
        assertThat(CompareViewModel.groupLabel(List.of(SyntheticRuns.run("#1 alpha", 1, 3, 1, 1),
                SyntheticRuns.run("#2 beta", 1, 3, 1, 2)))).isEqualTo("alpha");
    }

    @Test
    void hoverOverTheCurvesGivesMeanBandAndSeeds() {
        CompareViewModel vm = grouped();
        vm.smoothingProperty().set(0);
        String text = vm.describeCurves(SeriesNames.LOSS, 7);
        double[] xs = {runs().get(0).curve(SeriesNames.LOSS).values()[7], runs().get(1).curve(SeriesNames.LOSS).values()[7],
                runs().get(3).curve(SeriesNames.LOSS).values()[7]};
        double mean = (xs[0] + xs[1] + xs[2]) / 3, ss = 0;
        for (double x : xs) ss += (x - mean) * (x - mean);
        double half = T2 * Math.sqrt(ss / 2) / Math.sqrt(3);
        assertThat(text).contains("quick-demo (n=3) = " + CompareViewModel.fmt(mean) + " [" + CompareViewModel.fmt(mean - half) + ", "
                + CompareViewModel.fmt(mean + half) + "] (step 7)");
        assertThat(text).contains("#3 dense (n=1)");
    }

    @Test
    void seedsWithDifferentStepsAreAlignedOnTheCommonStepsAndTheStatusSaysSo() {
        CompareViewModel vm = new CompareViewModel(r -> { throw new AssertionError(); }, new CurrentThreadTaskExecutor());
        vm.showWithConfigurations(List.of(SyntheticRuns.run("#1 a", 2, 30, 1, 1), SyntheticRuns.run("#2 a", 2, 25, 1, 2)), List.of("A", "A"));
        vm.groupedProperty().set(true);
        assertThat(vm.rows().get(0).stepCount()).isEqualTo(25);
        assertThat(vm.statusProperty().get()).contains("steps not logged by every seed left out (a: 5)");
    }

    @Test
    void exportWritesTheGroupedPanelsWithMeanBandAndN(@TempDir Path dir) throws Exception {
        CompareViewModel vm = grouped();
        var f = vm.exportFigure(FigureStyle.defaults());
        assertThat(f).isInstanceOf(PanelsFigure.class);
        assertThat(((PanelsFigure) f).groups()).hasSize(2);
        Path csv = FigureExporter.export(f, dir.resolve("g.csv"), vm.exportProvenance());
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("group,part,name,step_from,step_to,n,mean,lower,upper");
        assertThat(lines).anyMatch(l -> l.startsWith("quick-demo,curve,loss,0,0,3,"));
        assertThat(Files.readString(FigureExporter.provenancePath(csv))).contains("\"grouped\" : true");
    }

    @Test
    void theStoreLoaderGroupsRunsWhoseSpecsDifferOnlyInSeedAndName(@TempDir Path dir) {
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            List<Long> ids = new ArrayList<>();
            String[][] specs = {{"x", "1", "0.1"}, {"y", "2", "0.1"}, {"z", "1", "0.2"}};
            for (String[] s : specs) {
                String json = "{\"name\": \"" + s[0] + "\", \"seed\": " + s[1] + ", \"sparsity\": {\"density\": " + s[2] + "}}";
                long id = store.createRun(new NewRun(s[0], json, "h", "spirals", "sgd", "relu", 0.1, 1, Map.of(), List.of()));
                store.finish(id, RunStatus.FINISHED, "");
                ids.add(id);
            }
            CompareViewModel.Loader l = CompareViewModel.storeLoader(() -> store);
            String kx = l.configKey(store.run(ids.get(0)).orElseThrow());
            assertThat(l.configKey(store.run(ids.get(1)).orElseThrow())).isEqualTo(kx);
            assertThat(l.configKey(store.run(ids.get(2)).orElseThrow())).isNotEqualTo(kx);
        }
    }
}
