package dev.gradflow.app.studies;

import dev.gradflow.model.study.PlannedRun;
import dev.gradflow.model.study.StudyEstimate;
import dev.gradflow.model.study.StudyFile;
import dev.gradflow.model.study.StudyPlan;
import dev.gradflow.model.study.StudyReport;
import dev.gradflow.model.study.StudyRunner;
import dev.gradflow.model.study.StudyStore;
import dev.gradflow.model.study.Table;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Studies: load a study (grid) file, see how many runs it has and roughly how long they take, start it in the
 * background (never on the FX thread), follow each run, and read the tables (p-values coloured by significance:
 * CSS classes {@code p001}, {@code p005}, {@code p010}, {@code ns}) as results arrive.
 */
public class StudiesView extends BorderPane {
    /** One row of the runs table. */
    public static final class RunRow {
        final PlannedRun run;
        final SimpleStringProperty status = new SimpleStringProperty("queued");
        final SimpleStringProperty detail = new SimpleStringProperty("");

        RunRow(PlannedRun run) { this.run = run; }
    }

    private final Supplier<Path> store;
    private final Label fileLabel = new Label("No study loaded");
    private final Label sizeLabel = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Button open = new Button("Open study file...");
    private final Button start = new Button("Start");
    private final Button cancel = new Button("Cancel");
    private final Spinner<Integer> workers = new Spinner<>(1, Math.max(1, Runtime.getRuntime().availableProcessors()), 1);
    private final ObservableList<RunRow> rows = FXCollections.observableArrayList();
    private final Map<String, RunRow> byHash = new HashMap<>();
    private final VBox tables = new VBox(14);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private StudyPlan plan;
    private Thread worker;

    public StudiesView(Supplier<Path> store) {
        this.store = store;
        getStyleClass().add("studies-view");
        getStylesheets().add(StudiesView.class.getResource("studies.css").toExternalForm());
        setId("studies-view");
        open.setId("studies-open");
        start.setId("studies-start");
        cancel.setId("studies-cancel");
        start.setDisable(true);
        cancel.setDisable(true);
        open.setOnAction(e -> choose());
        start.setOnAction(e -> startStudy());
        cancel.setOnAction(e -> cancelled.set(true));
        progress.setPrefWidth(220);
        HBox bar = new HBox(10, open, new Label("workers"), workers, start, cancel, progress);
        VBox top = new VBox(6, bar, fileLabel, sizeLabel);
        top.setPadding(new Insets(10));
        setTop(top);

        TableView<RunRow> table = new TableView<>(rows);
        table.setId("studies-runs");
        TableColumn<RunRow, String> name = new TableColumn<>("run");
        name.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().run.name()));
        name.setPrefWidth(380);
        TableColumn<RunRow, String> status = new TableColumn<>("status");
        status.setCellValueFactory(c -> c.getValue().status);
        TableColumn<RunRow, String> detail = new TableColumn<>("progress / result");
        detail.setCellValueFactory(c -> c.getValue().detail);
        detail.setPrefWidth(200);
        table.getColumns().add(name);
        table.getColumns().add(status);
        table.getColumns().add(detail);
        tables.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(tables);
        scroll.setFitToWidth(true);
        SplitPane split = new SplitPane(table, scroll);
        split.setDividerPositions(0.4);
        setCenter(split);
    }

    private void choose() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open study file");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Study / grid file (*.json)", "*.json"));
        File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) load(f.toPath());
    }

    /** Loads and expands a study file (fast: no training), shows its size and estimated time. */
    public void load(Path file) {
        try {
            plan = StudyPlan.of(StudyFile.read(file));
        } catch (RuntimeException e) {
            fileLabel.setText("Cannot use " + file.getFileName() + ": " + e.getMessage());
            start.setDisable(true);
            return;
        }
        fileLabel.setText(plan.file().name() + " (" + plan.file().kind() + "): " + plan.file().description());
        double seconds = StudyEstimate.seconds(plan);
        sizeLabel.setText(String.format(Locale.ROOT, "%d runs (%d configurations x %d seeds%s); estimated %s with one worker%s",
                plan.runs().size(), plan.file().configurations().size(), plan.file().seeds().size(),
                plan.file().scsdc() ? " x " + plan.file().denseWidths().size() + " widths x sparse+dense" : "",
                duration(seconds), plan.warnings().isEmpty() ? "" : "; " + plan.warnings().size() + " warnings"));
        rows.clear();
        byHash.clear();
        for (PlannedRun r : plan.runs()) {
            RunRow row = new RunRow(r);
            rows.add(row);
            byHash.put(r.hash(), row);
        }
        tables.getChildren().clear();
        start.setDisable(false);
    }

    private void startStudy() {
        if (plan == null || worker != null) return;
        StudyPlan p = plan;
        Path file = store.get();
        int n = workers.getValue();
        cancelled.set(false);
        start.setDisable(true);
        open.setDisable(true);
        cancel.setDisable(false);
        int total = p.runs().size();
        int[] done = {0};
        worker = new Thread(() -> {
            String end;
            try {
                StudyRunner.Result result = new StudyRunner(file, List.of()).run(p, n, new StudyRunner.Listener() {
                    @Override public void skipped(PlannedRun r, long runId) {
                        fx(() -> { set(r, "done", "run " + runId + " (already in store)"); done[0]++; progress.setProgress(done[0] / (double) total); });
                    }
                    @Override public void started(PlannedRun r) { fx(() -> set(r, "running", "")); }
                    @Override public void progress(PlannedRun r, long s, long t) {
                        if (s % 20 == 0 || s == t) fx(() -> set(r, "running", s + " / " + t + " steps"));
                    }
                    @Override public void finished(PlannedRun r, long runId, String status, double seconds) {
                        fx(() -> { set(r, status, String.format(Locale.ROOT, "run %d, %.1f s", runId, seconds)); done[0]++; progress.setProgress(done[0] / (double) total); });
                        refreshTables(file, p);
                    }
                    @Override public void failed(PlannedRun r, String message) {
                        fx(() -> { set(r, "failed", message); done[0]++; });
                    }
                }, cancelled::get);
                end = String.format(Locale.ROOT, "study %d: %d trained, %d already done, %d failed in %s", result.studyId(),
                        result.trained(), result.skipped(), result.failed(), duration(result.seconds()));
                refreshTables(file, p);
            } catch (RuntimeException e) {
                end = "study stopped: " + e.getMessage();
            }
            String message = end;
            fx(() -> {
                sizeLabel.setText(message);
                worker = null;
                start.setDisable(false);
                open.setDisable(false);
                cancel.setDisable(true);
            });
        }, "gradflow-study");
        worker.setDaemon(true);
        worker.start();
    }

    private void set(PlannedRun r, String status, String detail) {
        RunRow row = byHash.get(r.hash());
        if (row == null) return;
        row.status.set(status);
        row.detail.set(detail);
    }

    /** Computes the tables off the FX thread, then shows them. */
    private void refreshTables(Path file, StudyPlan p) {
        List<Table> result;
        try (StudyStore s = StudyStore.open(file)) {
            var study = s.study(p.file().name(), p.file().json());
            if (study.isEmpty()) return;
            result = StudyReport.tables(s.runs(study.get().id()));
        } catch (RuntimeException e) {
            return;
        }
        fx(() -> show(result));
    }

    private void show(List<Table> list) {
        tables.getChildren().clear();
        for (Table t : list) {
            Label title = new Label(t.title());
            title.getStyleClass().add("study-table-title");
            GridPane grid = new GridPane();
            grid.getStyleClass().add("study-table");
            for (int c = 0; c < t.header().size(); c++) {
                Label h = new Label(t.header().get(c));
                h.getStyleClass().add("study-header");
                grid.add(h, c, 0);
            }
            for (int r = 0; r < t.rows().size(); r++) {
                for (int c = 0; c < t.rows().get(r).size(); c++) {
                    Label cell = new Label(t.rows().get(r).get(c));
                    cell.getStyleClass().add("study-cell");
                    Double pv = t.pValues().get(r).get(c);
                    if (pv != null) cell.getStyleClass().add(Table.significance(pv));
                    grid.add(cell, c, r + 1);
                }
            }
            tables.getChildren().add(new VBox(4, title, grid));
        }
    }

    private static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) r.run();
        else Platform.runLater(r);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
