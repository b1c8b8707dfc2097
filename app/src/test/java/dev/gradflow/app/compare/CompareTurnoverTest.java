package dev.gradflow.app.compare;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.charts.dynamic.ConnectivityFigure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Compare view model's Turnover mode and connectivity over a real store (no toolkit). */
class CompareTurnoverTest {
    @TempDir Path dir;
    private RunStore store;
    private CompareViewModel vm;
    private RunSummary staticRun, setRun;

    @BeforeEach
    void setUp() {
        store = RunStore.open(dir.resolve("runs.db"));
        long a = DynamicRunsFixture.addRun(store, "static", false);
        long b = DynamicRunsFixture.addRun(store, "set", true);
        staticRun = store.run(a).orElseThrow();
        setRun = store.run(b).orElseThrow();
        vm = new CompareViewModel(CompareViewModel.storeLoader(() -> store), new CurrentThreadTaskExecutor());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void turnoverIsLoadedForTheDynamicRunAndAbsentForTheStaticOne() {
        vm.compare(List.of(staticRun, setRun));
        assertThat(vm.runs()).hasSize(2);
        assertThat(vm.isTurnoverAvailable()).isTrue();
        assertThat(vm.turnover(0)).isEmpty();
        assertThat(vm.turnover(1)).isPresent();
        var t = vm.turnover(1).orElseThrow();
        // hand values (fixture): regrown / active = 1/4 and 1/2 at the one update (step 5)
        assertThat(t.updateSteps()).containsExactly(DynamicRunsFixture.UPDATE);
        assertThat(t.atUpdate(0, 0)).isEqualTo(0.25);
        assertThat(t.atUpdate(1, 0)).isEqualTo(0.5);
        assertThat(vm.describeTurnover(1, 2, 0)).contains("dense_0").contains("step 2").contains("turnover = 0.250000");
        assertThat(vm.describeTurnover(1, 7, 1)).contains("turnover = 0");
        assertThat(vm.describeTurnover(0, 2, 0)).isEmpty();
        assertThat(vm.turnoverScale(FigureStyle.defaults()).upper()).isEqualTo(0.5);
        assertThat(vm.turnoverScale(FigureStyle.defaults()).isLog()).isFalse();
        assertThatThrownBy(() -> vm.turnoverHeatmap(0, FigureStyle.defaults(), vm.turnoverScale(FigureStyle.defaults()), false))
                .hasMessageContaining(CompareViewModel.STATIC_MASK_NOTE);
    }

    @Test
    void turnoverHeatmapFollowsTheSharedStepRangeAndScale() {
        vm.compare(List.of(staticRun, setRun));
        vm.modeProperty().set(CompareViewModel.Mode.TURNOVER);
        vm.setRange(2, 8);
        var scale = vm.turnoverScale(FigureStyle.defaults());
        var turn = vm.turnoverHeatmap(1, FigureStyle.defaults(), scale, true);
        var heat = vm.heatmap(1, FigureStyle.defaults(), vm.sharedScale(FigureStyle.defaults()), true);
        assertThat(turn.kind()).isEqualTo("turnover");
        assertThat(turn.source().firstStep()).isEqualTo(heat.source().firstStep()).isEqualTo(2);
        assertThat(turn.source().lastStep()).isEqualTo(heat.source().lastStep()).isEqualTo(8);
        assertThat(turn.colorScale().upper()).isEqualTo(0.5);
        assertThat(vm.exportProvenance()).containsEntry("mode", "turnover");
    }

    @Test
    void turnoverModeIsOnlyOfferedWhenSomeRunHasMaskUpdates() {
        vm.compare(List.of(staticRun));
        assertThat(vm.isTurnoverAvailable()).isFalse();
        vm.compare(List.of(staticRun, setRun));
        vm.modeProperty().set(CompareViewModel.Mode.TURNOVER);
        vm.compare(List.of(staticRun, setRun, setRun));       // diff becomes unavailable: Turnover stays
        assertThat(vm.modeProperty().get()).isEqualTo(CompareViewModel.Mode.TURNOVER);
        vm.compare(List.of(staticRun));
        assertThat(vm.isTurnoverAvailable()).isFalse();
        assertThat(vm.modeProperty().get()).isEqualTo(CompareViewModel.Mode.HEATMAPS);
    }

    @Test
    void connectivityIsLoadedFromTheRunsSnapshots() {
        vm.compare(List.of(staticRun, setRun));
        List<ConnectivityFigure> got = new ArrayList<>();
        vm.loadConnectivity(1, FigureStyle.defaults(), got::add);
        assertThat(got).hasSize(1);
        var c = got.get(0).images().get(0);
        assertThat(c.side()).isEqualTo(2);
        assertThat(c.degree()).containsExactly(1, 2, 0, 1); // rows of the fixture's mask, counted by hand
        assertThat(vm.statusProperty().get()).startsWith("Connectivity of #" + setRun.id());
    }

    @Test
    void aRunWithoutSnapshotsGetsAOneLineStatus() {
        RunSummary bare = store.run(DynamicRunsFixture.addRun(store, "bare", false, false)).orElseThrow();
        vm.compare(List.of(bare));
        List<ConnectivityFigure> got = new ArrayList<>();
        vm.loadConnectivity(0, FigureStyle.defaults(), got::add);
        assertThat(got).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("No connectivity for #" + bare.id())
                .contains("no snapshots in this run").doesNotContain("\n");
    }
}
