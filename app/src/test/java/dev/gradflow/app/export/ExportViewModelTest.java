package dev.gradflow.app.export;

import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.figure.PanelsFigure;
import dev.gradflow.charts.style.FigureStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ExportViewModelTest {
    private final ExportViewModel vm = new ExportViewModel(new CurrentThreadTaskExecutor());

    static RunSeries run(String label) {
        long[] steps = new long[50];
        double[][] v = new double[2][50];
        double[] loss = new double[50];
        for (int i = 0; i < 50; i++) {
            steps[i] = i;
            v[0][i] = 1e-3 * (i + 1);
            v[1][i] = 1e-2 * (i + 1);
            loss[i] = 1.0 / (i + 1);
        }
        return RunSeries.builder(label, List.of("dense_0", "output"), steps).layerValues(Measure.L2_ACTIVE, v)
                .stepSeries(SeriesNames.LOSS, loss).build();
    }

    private final ExportViewModel.Source panels = new ExportViewModel.Source() {
        @Override public String description() { return "two runs"; }
        @Override public Figure figure(FigureStyle style) { return PanelsFigure.of(List.of(run("#1 alpha"), run("#2 beta")), Measure.L2_ACTIVE).style(style); }
        @Override public int rows() { return 2; }
    };

    @Test
    void fileNameMustHaveAKnownExtension() {
        assertThat(ExportViewModel.problemOf("")).isNotEmpty();
        assertThat(ExportViewModel.problemOf("/tmp/x.jpg")).contains(".png, .svg, .pdf or .csv");
        assertThat(ExportViewModel.problemOf("/tmp/x.PDF")).isEmpty();
    }

    @Test
    void exportsEachFormatWithAProvenanceSidecar(@TempDir Path dir) throws Exception {
        for (String ext : List.of("pdf", "svg", "png", "csv")) {
            for (ExportViewModel.Preset preset : ExportViewModel.Preset.values()) {
                for (ExportViewModel.ThemeChoice theme : ExportViewModel.ThemeChoice.values()) {
                    Path f = dir.resolve(preset.name() + "-" + theme.name() + "." + ext);
                    vm.pathProperty().set(f.toString());
                    vm.presetProperty().set(preset);
                    vm.themeProperty().set(theme);
                    AtomicReference<Path> done = new AtomicReference<>();
                    assertThat(vm.export(panels, done::set)).isTrue();
                    assertThat(done.get()).as(vm.statusProperty().get()).isEqualTo(f.toAbsolutePath());
                    assertThat(Files.size(f)).isPositive();
                    String side = Files.readString(dir.resolve(f.getFileName() + ".provenance.json"));
                    assertThat(side).contains("#1 alpha").contains("#2 beta").contains(theme.theme().name());
                }
            }
        }
        assertThat(new String(Files.readAllBytes(dir.resolve("SINGLE_COLUMN-LIGHT.pdf")), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF");
    }
}
