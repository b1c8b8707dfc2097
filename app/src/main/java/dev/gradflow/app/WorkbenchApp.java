package dev.gradflow.app;

import dev.gradflow.app.compare.CompareView;
import dev.gradflow.app.compare.CompareViewModel;
import dev.gradflow.app.design.DesignView;
import dev.gradflow.app.design.DesignViewModel;
import dev.gradflow.app.export.ExportDialog;
import dev.gradflow.app.export.ExportViewModel;
import dev.gradflow.app.help.HelpWindows;
import dev.gradflow.app.runs.RunJob;
import dev.gradflow.app.runs.RunsView;
import dev.gradflow.app.runs.RunsViewModel;
import dev.gradflow.app.runs.TrainingQueue;
import dev.gradflow.app.studies.StudiesView;
import dev.gradflow.app.teach.Lessons;
import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.DaemonThreads;
import dev.gradflow.app.task.FxTaskExecutor;
import dev.gradflow.app.task.Notifier;
import dev.gradflow.charts.style.FigureFonts;
import dev.gradflow.model.run.RunLauncher;
import dev.gradflow.model.run.Versions;
import dev.gradflow.model.spec.SpecException;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The workbench window: menu bar, navigation on the left, one view per feature in the centre, a status line.
 * Wires the engine (run store, run launcher) to the view models; the views only see view models.
 */
public class WorkbenchApp extends Application {
    public enum Page { DESIGN, RUNS, COMPARE, STUDIES }

    private final FxTaskExecutor tasks = new FxTaskExecutor();
    /** Training (and the native threads it creates) runs at a lower priority than the FX and render threads. */
    private final ExecutorService trainingThread = DaemonThreads.single("gradflow-training", LowPriority::applyToCurrentThread);
    private volatile RunStore store;
    private volatile RunLauncher launcher;
    private Stage stage;
    private BorderPane root;
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    /** All built pages, stacked; only the current one is visible. */
    private final StackPane content = new StackPane();
    private Page currentPage;
    private final Map<Page, ToggleButton> nav = new EnumMap<>(Page.class);
    private final Label statusLine = new Label();
    private final Label engineStatus = new Label("Engine: loading native libraries...");
    private DesignViewModel design;
    private RunsViewModel runs;
    private CompareViewModel compare;
    private TrainingQueue queue;
    private RunsView runsView;
    private CompareView compareView;
    private FxNotifier notifier;
    private CheckMenuItem presentation;
    private CheckMenuItem dark;
    private final UiPreferences preferences = new UiPreferences();
    private CheckMenuItem diagnosticsItem;
    private WorkbenchMenus menus;
    private final Label diagnosticsStatus = new Label();
    private ExportViewModel export;
    private Diagnostics diagnostics;
    private volatile Path lastExport;
    private boolean closing;

    @Override
    public void start(Stage primary) {
        Diagnostics.mark("start()");
        stage = primary;
        openStore(Stores.defaultStore());
        Diagnostics.mark("store open");
        notifier = new FxNotifier();
        queue = new TrainingQueue((spec, obs, cancelled) -> launcher.run(spec, obs, cancelled), trainingThread, tasks, notifier);
        design = new DesignViewModel(spec -> {
            queue.submit(spec);
            show(Page.RUNS);
        }, tasks);
        design.trainingAllowedProperty().set(false);
        runs = new RunsViewModel(() -> store, tasks);
        compare = new CompareViewModel(CompareViewModel.storeLoader(() -> store), tasks);
        // one "group by configuration" setting: the runs table's group column and Compare's mean over seeds
        compare.groupedProperty().bindBidirectional(runs.groupedProperty());
        export = new ExportViewModel(tasks);
        queue.setOnJobDone(j -> runs.refresh());
        queue.setOnJobStarted(j -> runs.refresh());

        Diagnostics.mark("view models");
        diagnostics = new Diagnostics(diagnosticsStatus::setText);
        queue.currentProperty().addListener((o, was, now) -> {
            if (!diagnosticsItem.isSelected()) return;
            if (was != null) diagnostics.trainingEnded();
            if (now != null) diagnostics.trainingStarted(now.name());
        });

        root = new BorderPane();
        root.getStyleClass().add("workbench");
        root.setTop(menuBar());
        root.setLeft(navigation());
        root.setCenter(new StackPane(content, notifier.node()));
        root.setBottom(statusBar());
        show(Page.DESIGN);
        diagnosticsItem.setSelected(Diagnostics.enabledByProperty());

        Diagnostics.mark("views built");
        Scene scene = new Scene(root, 1280, 820);
        loadFigureFontIntoJavaFx();
        scene.getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("GradFlow Workbench");
        stage.setOnCloseRequest(e -> {
            if (!confirmQuit()) e.consume();
        });
        stage.setOnShown(e -> {
            if (diagnosticsItem.isSelected()) diagnostics.windowShown();
            // After the first frame: the other pages, one per pulse, then the engine and the runs table.
            Platform.runLater(() -> buildRemainingPages(List.of(Page.RUNS, Page.COMPARE, Page.STUDIES)));
        });
        stage.show();
        warmUpEngine();
    }

    /**
     * Builds the pages not shown yet, one per FX pulse, and adds them hidden to the page stack: they are then styled
     * and laid out before the user switches to them, and switching only toggles visibility (re-attaching a page to
     * the scene would restyle all of it on the FX thread, a 200-600 ms stall when Train switched to Runs).
     */
    private void buildRemainingPages(List<Page> todo) {
        if (todo.isEmpty()) {
            runs.refresh();
            return;
        }
        page(todo.get(0));
        Platform.runLater(() -> buildRemainingPages(todo.subList(1, todo.size())));
    }

    /** The node of {@code p}, built (and added hidden to the page stack) on first use. */
    private Node page(Page p) {
        Node n = pages.get(p);
        if (n != null) return n;
        n = switch (p) {
            case DESIGN -> {
                DesignView view = new DesignView(design, tasks);
                view.presentationProperty().bind(presentation.selectedProperty());
                yield view;
            }
            case RUNS -> {
                runsView = new RunsView(runs, queue, this::compareRuns);
                runsView.liveView().presentationProperty().bind(presentation.selectedProperty());
                runsView.liveView().darkProperty().bind(dark.selectedProperty());
                RunJob current = queue.currentProperty().get();
                if (current != null) runsView.liveView().show(current);
                yield runsView;
            }
            case COMPARE -> {
                compareView = new CompareView(compare);
                compareView.presentationProperty().bind(presentation.selectedProperty());
                compareView.darkProperty().bind(dark.selectedProperty());
                yield compareView;
            }
            case STUDIES -> {
                StudiesView view = new StudiesView(() -> store.file());
                view.presentationProperty().bind(presentation.selectedProperty());
                view.darkProperty().bind(dark.selectedProperty());
                yield view;
            }
        };
        n.setVisible(false);
        pages.put(p, n);
        content.getChildren().add(n);
        return n;
    }

    private void openStore(Path file) {
        RunStore opened = Startup.open(file);
        RunStore old = store;
        store = opened;
        launcher = new RunLauncher(opened, List.of());
        statusLine.setText("Store: " + opened.file());
        if (old != null) old.close();
    }

    /**
     * Loads ND4J's native code on the training thread (so its OpenMP/OpenBLAS threads inherit that thread's lower
     * priority); Train is enabled when it is ready.
     */
    private void warmUpEngine() {
        BackgroundTask.wrap(NativeWarmup::run)
                .onSuccess(v -> engineReady("Engine ready (DL4J " + Versions.dl4j() + ")", true))
                .onFailure(e -> engineReady("Engine failed to load: " + e, false))
                .executeWith(trainingThread, tasks::ui);
    }

    private void engineReady(String status, boolean ready) {
        engineStatus.setText(status);
        design.trainingAllowedProperty().set(ready);
    }

    // ---- layout ----

    private MenuBar menuBar() {
        menus = new WorkbenchMenus(this, design, queue, compare);
        presentation = menus.presentation();
        presentation.selectedProperty().addListener((o, was, on) -> {
            if (on) root.getStyleClass().add("presentation");
            else root.getStyleClass().remove("presentation");
        });
        dark = menus.dark();
        dark.selectedProperty().addListener((o, was, on) -> {
            if (on) root.getStyleClass().add("dark");
            else root.getStyleClass().remove("dark");
            preferences.setDarkTheme(on);
        });
        dark.setSelected(preferences.darkTheme());
        diagnosticsItem = menus.diagnostics();
        diagnosticsItem.selectedProperty().addListener((o, was, on) -> {
            diagnosticsStatus.setText(on ? "Diagnostics on: the next run reports the longest FX-thread stall" : "");
            if (!on) diagnostics.trainingEnded();
            else if (queue.currentProperty().get() != null) diagnostics.trainingStarted(queue.currentProperty().get().name());
        });
        return menus.bar();
    }

    private Node navigation() {
        ToggleGroup group = new ToggleGroup();
        VBox box = new VBox(4);
        box.getStyleClass().add("navigation");
        box.setPadding(new Insets(10, 6, 10, 6));
        for (Page p : Page.values()) {
            ToggleButton b = new ToggleButton(switch (p) { case DESIGN -> "Design"; case RUNS -> "Runs"; case COMPARE -> "Compare"; case STUDIES -> "Studies"; });
            b.setId("nav-" + p.name().toLowerCase());
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.getStyleClass().add("nav-button");
            b.setOnAction(e -> show(p));
            nav.put(p, b);
            box.getChildren().add(b);
        }
        return box;
    }

    private Node statusBar() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        statusLine.setId("store-status");
        engineStatus.setId("engine-status");
        diagnosticsStatus.setId("diagnostics-status");
        HBox bar = new HBox(12, statusLine, spacer, diagnosticsStatus, engineStatus);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

    public void show(Page page) {
        Node n = page(page);
        pages.values().forEach(x -> x.setVisible(x == n));
        currentPage = page;
        nav.get(page).setSelected(true);
        if (page == Page.RUNS) runs.refresh();
    }

    /** Compares the runs selected in the runs table (Ctrl+K); shows the Runs view if none is selected. */
    void compareSelected() {
        runsView(); // the selection lives in the runs table: build it if needed
        List<RunSummary> selected = List.copyOf(runs.selected());
        if (selected.isEmpty()) {
            show(Page.RUNS);
            runsView.runsTable().requestFocus();
            notifier.notify(Notifier.Kind.INFO, "Nothing to compare",
                    "Select runs in the table (Shift/Ctrl+arrows, Ctrl+A), then press Ctrl+K.");
            return;
        }
        compareRuns(selected);
    }

    void compareRuns(List<RunSummary> selected) {
        compare.compare(selected);
        show(Page.COMPARE);
    }

    // ---- actions ----

    private FileChooser specChooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Experiment spec (*.json)", "*.json"));
        return fc;
    }

    void openSpec() {
        File f = specChooser("Open spec").showOpenDialog(stage);
        if (f == null) return;
        try {
            design.load(SpecIO.read(f.toPath()));
            design.fileProperty().set(f.toPath());
            show(Page.DESIGN);
        } catch (SpecException e) {
            error("Cannot open spec", e.getMessage());
        }
    }

    void saveSpec() {
        if (design.spec() == null) {
            error("Cannot save spec", "Fix the problems listed in the Design view first:\n" + String.join("\n", design.problems()));
            return;
        }
        FileChooser fc = specChooser("Save spec");
        fc.setInitialFileName(design.spec().name() + ".json");
        File f = fc.showSaveDialog(stage);
        if (f == null) return;
        try {
            SpecIO.write(design.spec(), f.toPath());
            design.fileProperty().set(f.toPath());
        } catch (IOException e) {
            error("Cannot save spec", e.getMessage());
        }
    }

    void chooseStore() {
        if (queue.isBusy()) {
            error("Cannot switch stores", "Wait for the training queue to finish (or cancel it) first.");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Open run store");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("GradFlow run store (*.db)", "*.db"));
        File f = fc.showOpenDialog(stage);
        if (f == null) return;
        try {
            openStore(f.toPath());
            runs.refresh();
        } catch (RuntimeException e) {
            error("Cannot open store", e.getMessage());
        }
    }

    /** What File > Export writes from the page on screen. */
    ExportViewModel.Source exportSource() {
        return PageExportSource.of(currentPage, compare, () -> runsView().liveView());
    }

    void exportFigure() {
        ExportViewModel.Source src = exportSource();
        try {
            src.figure(export.style(1));
        } catch (IllegalStateException e) {
            error("Nothing to export", e.getMessage());
            return;
        }
        if (export.pathProperty().get().isBlank()) {
            export.pathProperty().set(Path.of(System.getProperty("user.home"), "gradflow-figure.pdf").toString());
        }
        ExportDialog d = new ExportDialog(export, src.description(), stage);
        if (d.showAndWait().filter(b -> b == ExportDialog.EXPORT).isEmpty()) return;
        boolean started = export.export(src, file -> {
            lastExport = file;
            if (file != null) notifier.notify(Notifier.Kind.INFO, "Figure exported", export.statusProperty().get());
            else error("Cannot export figure", export.statusProperty().get());
        });
        if (!started) error("Cannot export figure", export.statusProperty().get());
    }

    /**
     * Teach menu's lessons; {@code -Dgradflow.teach.tiny=true} shrinks every run to seconds ({@link Lessons#tiny}, for
     * tests).
     */
    List<Lessons.Lesson> lessons() {
        List<Lessons.Lesson> all = Lessons.all();
        return Boolean.getBoolean("gradflow.teach.tiny") ? all.stream().map(l -> l.map(Lessons::tiny)).toList() : all;
    }

    /**
     * Queues a lesson's runs and shows them training; when the last one ends, compares them in presentation mode
     * (a run that failed or was cancelled is left out of the comparison).
     */
    public void teach(Lessons.Lesson lesson) {
        List<RunJob> jobs = lesson.runs().stream().map(queue::submit).toList();
        show(Page.RUNS);
        notifier.notify(Notifier.Kind.INFO, lesson.title(), "Training " + jobs.size()
                + " runs; their comparison opens in presentation mode when they finish. " + lesson.finding());
        java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable whenDone = () -> {
            if (!jobs.stream().allMatch(j -> j.state().done()) || !opened.compareAndSet(false, true)) return;
            List<Long> ids = jobs.stream().filter(j -> j.state() == RunJob.State.FINISHED)
                    .map(j -> j.runIdProperty().get()).toList();
            if (ids.isEmpty()) return;
            BackgroundTask.<List<RunSummary>>wrap(task -> ids.stream().map(id -> store.run(id))
                            .flatMap(java.util.Optional::stream).toList())
                    .onSuccess(runsOfLesson -> {
                        compareRuns(runsOfLesson);
                        presentation.setSelected(true);
                        notifier.notify(Notifier.Kind.INFO, lesson.title(), lesson.finding());
                    })
                    .executeWith(tasks);
        };
        // the queue sets a job's state, then its run id: check once the whole update is done
        for (RunJob j : jobs) j.stateProperty().addListener((o, was, now) -> Platform.runLater(whenDone));
    }

    /** The figures' DejaVu Sans for JavaFX too, so formulas (‖g ⊙ M‖₂) render wherever the system font lacks ⊙. */
    private static void loadFigureFontIntoJavaFx() {
        for (boolean bold : new boolean[]{false, true}) {
            try (InputStream in = FigureFonts.open(bold)) {
                Font.loadFont(in, 13);
            } catch (IOException | RuntimeException ignored) {
                // the system font is used instead
            }
        }
    }

    void showMeasures() {
        HelpWindows.show(stage, "Measures", HelpWindows.measuresView(),
                stage.getScene().getStylesheets(), presentation.isSelected(), dark.isSelected());
    }

    void showShortcuts() {
        HelpWindows.show(stage, "Shortcuts",
                HelpWindows.shortcutsView(HelpWindows.shortcuts(menus.bar())),
                stage.getScene().getStylesheets(), presentation.isSelected(), dark.isSelected());
    }

    /** Help > Shortcuts' rows (every menu accelerator and the mouse gestures). */
    public List<HelpWindows.Shortcut> shortcuts() {
        return HelpWindows.shortcuts(menus.bar());
    }

    void about() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("About GradFlow Workbench");
        a.setHeaderText("GradFlow Workbench " + Versions.app());
        a.setContentText("Study gradient flow in sparse networks (Tessera, Hooker, Rosman: Keep the Gradients Flowing).\n\n"
                + "DL4J " + Versions.dl4j() + "\nJavaFX " + System.getProperty("javafx.runtime.version")
                + "\nJava " + Versions.java() + "\n\nRun store: " + store.file());
        a.showAndWait();
    }

    private void error(String header, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text, ButtonType.OK);
        a.initOwner(stage);
        a.setHeaderText(header);
        a.showAndWait();
    }

    /** File > Quit: closes the window unless the user keeps a training run going. */
    void quit() {
        if (confirmQuit()) stage.hide();
    }

    /** Asks before quitting with an active run; returns true when the window may close. */
    boolean confirmQuit() {
        if (closing) return true;
        if (queue.isBusy()) {
            Alert a = new Alert(Alert.AlertType.CONFIRMATION,
                    "A run is training. Quit anyway? Active runs are cancelled; what they measured so far is kept in the store.",
                    ButtonType.OK, ButtonType.CANCEL);
            a.initOwner(stage);
            a.setHeaderText("Quit while training?");
            if (a.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) return false;
        }
        closing = true;
        return true;
    }

    @Override
    public void stop() {
        shutdown();
    }

    /** Cancels every job, waits for the training thread to record the cancellation, closes the store. */
    public void shutdown() {
        if (queue != null) queue.cancelAll();
        trainingThread.shutdown();
        try {
            trainingThread.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.close();
        if (runsView != null) runsView.liveView().stop();
        if (store != null) store.close();
    }

    // ---- for tests and tools ----

    public DesignViewModel designViewModel() { return design; }
    public RunsViewModel runsViewModel() { return runs; }
    public TrainingQueue queue() { return queue; }
    RunsView runsView() { page(Page.RUNS); return runsView; }
    public Parent root() { return root; }
    public CompareViewModel compareViewModel() { return compare; }
    public ExportViewModel exportViewModel() { return export; }
    public Path lastExport() { return lastExport; }
    public String lastNotification() { return notifier.last(); }
    public void setPresentationMode(boolean on) { presentation.setSelected(on); }
    public void setDarkTheme(boolean on) { dark.setSelected(on); }
    public boolean darkTheme() { return dark.isSelected(); }

    public static void main(String[] args) {
        Platform.setImplicitExit(true);
        launch(args);
    }
}
