package dev.gradflow.app.export;

import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Palette;
import dev.gradflow.charts.style.Theme;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * File > Export figure: the target file (format from its extension: png, svg, pdf, csv), a paper preset and a
 * theme. The figure comes from the current view, built for the chosen style, and is written by
 * {@link FigureExporter} (with its provenance sidecar) off the FX thread.
 */
public final class ExportViewModel {
    public enum Preset {
        SINGLE_COLUMN("Single column (3.3 in)"), DOUBLE_COLUMN("Double column (6.9 in)"), SCREEN("Screen (1200 x 700 px)");

        private final String label;

        Preset(String label) { this.label = label; }

        public FigureSize size() {
            return switch (this) {
                case SINGLE_COLUMN -> FigureSize.singleColumn();
                case DOUBLE_COLUMN -> FigureSize.doubleColumn();
                case SCREEN -> FigureSize.free(1200, 700);
            };
        }

        @Override public String toString() { return label; }
    }

    public enum ThemeChoice {
        LIGHT("Light (print)", Theme.LIGHT), DARK("Dark (slides)", Theme.DARK);

        private final String label;
        private final Theme theme;

        ThemeChoice(String label, Theme theme) {
            this.label = label;
            this.theme = theme;
        }

        public Theme theme() { return theme; }

        @Override public String toString() { return label; }
    }

    /** What the current view exports: a figure for a style (height may grow with its rows), plus provenance. */
    public interface Source {
        /** A short name of what is exported, e.g. "compare: 2 runs". */
        String description();

        /** The figure for {@code style}; throws IllegalStateException with a user message when there is none. */
        Figure figure(FigureStyle style);

        /** Rows of stacked panels (the exported height grows with them); 1 for single plots. */
        default int rows() { return 1; }

        default Map<String, Object> provenance() { return Map.of(); }
    }

    private final TaskExecutor tasks;
    private final StringProperty path = new SimpleStringProperty("");
    private final ObjectProperty<Preset> preset = new SimpleObjectProperty<>(Preset.DOUBLE_COLUMN);
    private final ObjectProperty<ThemeChoice> theme = new SimpleObjectProperty<>(ThemeChoice.LIGHT);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final StringBinding problem;

    public ExportViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
        problem = Bindings.createStringBinding(() -> problemOf(path.get()), path);
    }

    static String problemOf(String file) {
        if (file == null || file.isBlank()) return "Choose a file";
        try {
            FigureExporter.format(Path.of(file.trim()));
            return "";
        } catch (IllegalArgumentException e) {
            return "The file name must end in .png, .svg, .pdf or .csv";
        }
    }

    /** The style of the exported figure for the chosen preset and theme (rows stack vertically). */
    public FigureStyle style(int rows) {
        FigureSize s = preset.get().size();
        if (rows > 1) s = s.withHeight(s.heightPt() * Math.max(1, 0.62 * rows));
        return new FigureStyle(Palette.viridis(), theme.get().theme(), s);
    }

    /**
     * Builds the figure on the calling (FX) thread, writes it in the background; {@code done} gets the written path
     * or null, on the FX thread. Returns false (with the reason in {@link #statusProperty()}) if nothing can be
     * exported.
     */
    public boolean export(Source source, Consumer<Path> done) {
        String p = problem.get();
        if (!p.isEmpty()) {
            status.set(p);
            return false;
        }
        Path file = Path.of(path.get().trim()).toAbsolutePath();
        Figure fig;
        try {
            fig = source.figure(style(source.rows()));
        } catch (IllegalStateException e) {
            status.set(e.getMessage());
            return false;
        }
        Map<String, Object> extra = new LinkedHashMap<>(source.provenance());
        extra.put("preset", preset.get().name().toLowerCase(Locale.ROOT));
        status.set("Exporting " + source.description() + " to " + file + "...");
        BackgroundTask.<Void>wrap(task -> {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            FigureExporter.export(fig, file, extra);
            return null;
        }).onSuccess(v -> {
            status.set("Exported " + source.description() + " to " + file + " (+ provenance sidecar)");
            done.accept(file);
        }).onFailure(e -> {
            System.err.println("gradflow: export to " + file + " failed");
            e.printStackTrace();
            status.set("Export failed: " + e.getMessage());
            done.accept(null);
        }).executeWith(tasks);
        return true;
    }

    public StringProperty pathProperty() { return path; }
    public ObjectProperty<Preset> presetProperty() { return preset; }
    public ObjectProperty<ThemeChoice> themeProperty() { return theme; }
    public StringBinding problemProperty() { return problem; }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
