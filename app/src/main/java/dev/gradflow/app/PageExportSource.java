package dev.gradflow.app;

import dev.gradflow.app.WorkbenchApp.Page;
import dev.gradflow.app.compare.CompareViewModel;
import dev.gradflow.app.export.ExportViewModel;
import dev.gradflow.app.runs.LiveView;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.style.FigureStyle;

import java.util.Map;
import java.util.function.Supplier;

/** What File > Export writes from each page: Compare's figure, the live heatmap on Runs, nothing on the others. */
final class PageExportSource {
    private PageExportSource() {
    }

    /** The source for {@code page}; {@code live} is asked for the Runs page's live view only when exporting. */
    static ExportViewModel.Source of(Page page, CompareViewModel compare, Supplier<LiveView> live) {
        if (page == null) return nothing();
        return switch (page) {
            case COMPARE -> compare(compare);
            case RUNS -> live(live);
            default -> nothing();
        };
    }

    private static ExportViewModel.Source compare(CompareViewModel compare) {
        return new ExportViewModel.Source() {
            @Override public String description() { return "compare: " + compare.runs().size() + " runs"; }
            @Override public Figure figure(FigureStyle style) { return compare.exportFigure(style); }
            @Override public int rows() {
                return compare.modeProperty().get() == CompareViewModel.Mode.DIFFERENCE && compare.isDiffAvailable() ? 1 : compare.runs().size();
            }
            @Override public Map<String, Object> provenance() { return compare.exportProvenance(); }
        };
    }

    private static ExportViewModel.Source live(Supplier<LiveView> live) {
        return new ExportViewModel.Source() {
            @Override public String description() { return "live heatmap of " + live.get().jobName(); }
            @Override public Figure figure(FigureStyle style) {
                Figure f = live.get().exportFigure(style);
                if (f == null) throw new IllegalStateException("No run has trained in this session yet: train one, or export stored runs from Compare.");
                return f;
            }
            @Override public Map<String, Object> provenance() { return Map.of("view", "live training"); }
        };
    }

    private static ExportViewModel.Source nothing() {
        return new ExportViewModel.Source() {
            @Override public String description() { return "design"; }
            @Override public Figure figure(FigureStyle style) {
                throw new IllegalStateException("The Design view has no figure. Export from Runs (live heatmap, Ctrl+2) or Compare (Ctrl+3).");
            }
        };
    }
}
