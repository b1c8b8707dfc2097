package dev.gradflow.app.studies;

import dev.gradflow.app.figures.ScreenStyle;
import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.study.StudyFigures;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.app.task.DaemonThreads;
import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.model.study.PlannedRun;
import dev.gradflow.model.study.StudyEstimate;
import dev.gradflow.model.study.StudyFile;
import dev.gradflow.model.study.StudyPlan;
import dev.gradflow.model.study.StudyReport;
import dev.gradflow.model.study.StudyRunner;
import dev.gradflow.model.study.StudyStore;
import dev.gradflow.model.study.Table;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * State of the Studies page: a loaded study file (size, estimated time), the run table with per-run status and
 * progress while the study trains, overall progress, and the statistics tables, recomputed from the store after
 * every finished run; the studies already in the store, one of them selected, whose tables and figure (a kind of
 * {@link StudyFigures}, docs/studies.md "Figures") are shown, both computed on the background executor. UI updates go through {@link TaskExecutor#ui}; the study itself runs on {@code studyThread}
 * (a new daemon thread in the app; the calling thread in tests), never on the FX thread.
 */
public final class StudiesViewModel {
    /** One planned run: status {@code queued/running/finished/diverged/failed/done}, detail text, progress 0..1. */
    public static final class RunRow {
        private final PlannedRun run;
        private final StringProperty status = new SimpleStringProperty("queued");
        private final StringProperty detail = new SimpleStringProperty("");
        private final DoubleProperty progress = new SimpleDoubleProperty(0);

        RunRow(PlannedRun run) { this.run = run; }

        public PlannedRun run() { return run; }
        public String name() { return run.name(); }
        public StringProperty statusProperty() { return status; }
        public StringProperty detailProperty() { return detail; }
        public DoubleProperty progressProperty() { return progress; }
    }

    private final Supplier<Path> store;
    private final TaskExecutor tasks;
    private final Executor studyThread;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("No study loaded");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final IntegerProperty workers = new SimpleIntegerProperty(1);
    private final BooleanProperty cancelRequested = new SimpleBooleanProperty(false);
    private final ObservableList<RunRow> rows = FXCollections.observableArrayList();
    private final ObservableList<Table> tables = FXCollections.observableArrayList();
    private final Map<String, RunRow> byHash = new HashMap<>();
    private final ObservableList<StudyStore.StudyInfo> storedStudies = FXCollections.observableArrayList();
    private final ObjectProperty<StudyStore.StudyInfo> selectedStudy = new SimpleObjectProperty<>();
    private final ObjectProperty<StudyFigures.Kind> figureKind = new SimpleObjectProperty<>(StudyFigures.Kind.egf);
    private final ReadOnlyObjectWrapper<Figure> figure = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper figureMessage = new ReadOnlyStringWrapper("");
    private final java.util.concurrent.atomic.AtomicLong figureRequest = new java.util.concurrent.atomic.AtomicLong();
    private FigureStyle figureStyle = ScreenStyle.of(false);
    private volatile BackgroundTask<String> study;
    private StudyPlan plan;
    private double estimatedSeconds;

    public StudiesViewModel(Supplier<Path> store, TaskExecutor tasks, Executor studyThread) {
        this.store = store;
        this.tasks = tasks;
        this.studyThread = studyThread;
        selectedStudy.addListener((o, a, b) -> { if (b != null && (a == null || a.id() != b.id() || a.runs() != b.runs())) showSelected(true); });
        figureKind.addListener((o, a, b) -> showSelected(false));
    }

    /** The app's: studies run on a new daemon thread each. */
    public static Executor daemonThreads() {
        return DaemonThreads.perTask("gradflow-study");
    }

    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadedProperty() { return loaded.getReadOnlyProperty(); }
    public IntegerProperty workersProperty() { return workers; }
    public ObservableList<RunRow> rows() { return rows; }
    public ObservableList<Table> tables() { return tables; }
    public StudyPlan plan() { return plan; }
    /** The studies of the store (refreshed by {@link #refreshStudies}). */
    public ObservableList<StudyStore.StudyInfo> storedStudies() { return storedStudies; }
    /** The study whose tables and figure are shown. */
    public ObjectProperty<StudyStore.StudyInfo> selectedStudyProperty() { return selectedStudy; }
    public ObjectProperty<StudyFigures.Kind> figureKindProperty() { return figureKind; }
    /** The selected study's figure of the chosen kind; null while none can be drawn ({@link #figureMessageProperty}). */
    public ReadOnlyObjectProperty<Figure> figureProperty() { return figure.getReadOnlyProperty(); }
    /** Why there is no figure ("the study has no finished runs yet", "needs an SC-SDC study"), else empty. */
    public ReadOnlyStringProperty figureMessageProperty() { return figureMessage.getReadOnlyProperty(); }

    /** The style figures are built with (presentation mode: larger type, dark). */
    public void setFigureStyle(FigureStyle s) {
        figureStyle = s;
        showSelected(false);
    }

    /** Re-reads the list of studies in the store (background), keeping the selection; selects {@code name} if given. */
    public void refreshStudies() { refreshStudies(null); }

    private void refreshStudies(String select) {
        Path file = store.get();
        tasks.background(() -> {
            List<StudyStore.StudyInfo> list;
            if (file == null || !java.nio.file.Files.exists(file)) list = List.of();
            else {
                try (StudyStore s = StudyStore.openReadOnly(file)) {
                    list = s.studies();
                } catch (RuntimeException e) {
                    list = List.of();
                }
            }
            List<StudyStore.StudyInfo> found = list;
            tasks.ui(() -> {
                StudyStore.StudyInfo old = selectedStudy.get();
                storedStudies.setAll(found);
                StudyStore.StudyInfo pick = null;
                for (StudyStore.StudyInfo i : found) {
                    if (select != null ? i.name().equals(select) : old != null && i.id() == old.id()) pick = i; // newest of that name
                }
                if (pick == null && old == null && !found.isEmpty() && select == null) pick = found.get(found.size() - 1);
                if (pick != null) selectedStudy.set(pick);
            });
        });
    }

    /**
     * Reads the selected study's runs on the background executor and shows its figure (and, with {@code withTables},
     * its tables). A newer request supersedes an older one still running.
     */
    private void showSelected(boolean withTables) {
        StudyStore.StudyInfo info = selectedStudy.get();
        StudyFigures.Kind kind = figureKind.get();
        Path file = store.get();
        if (info == null || kind == null || file == null) return;
        long request = figureRequest.incrementAndGet();
        FigureStyle style = figureStyle;
        figureMessage.set("Drawing " + kind.label() + "...");
        tasks.background(() -> {
            List<Table> t = null;
            Figure f = null;
            String message = "";
            try (StudyStore s = StudyStore.openReadOnly(file)) {
                var runs = s.runs(info.id());
                if (withTables) t = StudyReport.tables(s, runs);
                try {
                    f = StudyFigures.build(s, runs, StudyFigures.Options.of(kind), style);
                } catch (dev.gradflow.model.study.StudyException e) {
                    message = info.name() + ": no " + kind.label() + " (" + e.getMessage() + ")";
                }
            } catch (RuntimeException e) {
                message = "Cannot read study " + info.name() + ": " + e.getMessage();
            }
            List<Table> tablesFound = t;
            Figure built = f;
            String msg = message;
            tasks.ui(() -> {
                StudyStore.StudyInfo now = selectedStudy.get();
                boolean same = now != null && now.id() == info.id();
                // unchanged tables (the study that just ended) are not rebuilt
                if (tablesFound != null && same && !running.get() && !tablesFound.equals(tables)) tables.setAll(tablesFound);
                if (request != figureRequest.get()) return; // a newer figure is on its way
                figure.set(built);
                figureMessage.set(msg);
            });
        });
    }
    public double estimatedSeconds() { return estimatedSeconds; }

    /** Loads and expands a study file (fast: no training); on error only the title changes. */
    public boolean load(Path file) {
        if (running.get()) return false;
        StudyPlan p;
        try {
            p = StudyPlan.of(StudyFile.read(file));
        } catch (RuntimeException e) {
            title.set("Cannot use " + file.getFileName() + ": " + e.getMessage());
            return false;
        }
        plan = p;
        estimatedSeconds = StudyEstimate.seconds(p);
        title.set(p.file().name() + " (" + p.file().kind() + "): " + p.file().description());
        summary.set(String.format(Locale.ROOT, "%d runs (%d configurations x %d seeds%s); estimated %s with one worker%s",
                p.runs().size(), p.file().configurations().size(), p.file().seeds().size(),
                p.file().scsdc() ? " x " + p.file().denseWidths().size() + " widths x sparse+dense" : "",
                duration(estimatedSeconds), p.warnings().isEmpty() ? "" : "; warnings: " + String.join("; ", p.warnings())));
        rows.clear();
        byHash.clear();
        for (PlannedRun r : p.runs()) {
            RunRow row = new RunRow(r);
            rows.add(row);
            byHash.put(r.hash(), row);
        }
        tables.clear();
        progress.set(0);
        loaded.set(true);
        refreshStudies(p.file().name()); // its figure and tables, if the store already has runs of it
        return true;
    }

    /** Starts the loaded study into the store (resuming: runs already finished there are linked, not retrained). */
    public void start() {
        if (plan == null || running.get()) return;
        StudyPlan p = plan;
        Path file = store.get();
        int n = Math.max(1, workers.get());
        running.set(true);
        int total = p.runs().size();
        int[] done = {0};
        BackgroundTask<String> task = BackgroundTask.wrap(job -> {
            StudyRunner.Result result = new StudyRunner(file, List.of()).run(p, n, new StudyRunner.Listener() {
                @Override public void skipped(PlannedRun r, long runId) {
                    tasks.ui(() -> { set(r, "done", "run " + runId + " (already in store)", 1); done[0]++; progress.set(done[0] / (double) total); });
                }
                @Override public void started(PlannedRun r) {
                    tasks.ui(() -> set(r, "running", n > 1 ? "worker JVM" : "", 0));
                }
                @Override public void progress(PlannedRun r, long step, long steps) {
                    if (steps <= 0 || (step != steps && step % Math.max(1, steps / 50) != 0)) return; // at most ~50 updates per run
                    tasks.ui(() -> {
                        set(r, "running", step + " / " + steps + " steps", step / (double) steps);
                        progress.set((done[0] + step / (double) steps) / total);
                    });
                }
                @Override public void finished(PlannedRun r, long runId, String status, double seconds) {
                    tasks.ui(() -> { set(r, status, String.format(Locale.ROOT, "run %d, %.1f s", runId, seconds), 1); done[0]++; progress.set(done[0] / (double) total); });
                    refreshTables(file, p);
                }
                @Override public void failed(PlannedRun r, String message) {
                    tasks.ui(() -> { set(r, job.isCancelled() ? "cancelled" : "failed", message, 0); done[0]++; progress.set(done[0] / (double) total); });
                }
            }, job::isCancelled);
            refreshTables(file, p);
            return String.format(Locale.ROOT, "study %d: %d trained, %d already done, %d failed in %s%s", result.studyId(),
                    result.trained(), result.skipped(), result.failed(), duration(result.seconds()),
                    job.isCancelled() ? " (cancelled)" : "");
        });
        study = task;
        task.onSuccess(this::ended)
                .onFailure(e -> ended("study stopped: " + e.getMessage()))
                .executeWith(studyThread, tasks::ui);
    }

    private void ended(String message) {
        summary.set(message);
        running.set(false);
        if (plan != null) refreshStudies(plan.file().name());
    }

    /** Stops starting runs; the current ones end as cancelled. */
    public void cancel() {
        BackgroundTask<String> s = study;
        if (s != null) s.cancel();
    }

    private void set(PlannedRun r, String status, String detail, double fraction) {
        RunRow row = byHash.get(r.hash());
        if (row == null) return;
        row.status.set(status);
        row.detail.set(detail);
        row.progress.set(fraction);
    }

    /** Recomputes the statistics tables from the store (on the calling, non-UI thread), then shows them. */
    private void refreshTables(Path file, StudyPlan p) {
        List<Table> result;
        try (StudyStore s = StudyStore.open(file)) {
            var study = s.study(p.file().name(), p.file().json());
            if (study.isEmpty()) return;
            result = StudyReport.tables(s, study.get().id());
        } catch (RuntimeException e) {
            return;
        }
        tasks.ui(() -> tables.setAll(result));
    }

    /** CSS classes of a table cell: {@code study-cell}, plus the significance class for p-value cells. */
    public static List<String> cellClasses(Table t, int row, int col) {
        Double p = t.pValues().get(row).get(col);
        return p == null ? List.of("study-cell") : List.of("study-cell", Table.significance(p));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
