package dev.gradflow.app;

import dev.gradflow.app.compare.CompareView;
import dev.gradflow.app.compare.CompareViewModel;
import dev.gradflow.app.design.DesignView;
import dev.gradflow.app.design.DesignViewModel;
import dev.gradflow.app.design.Presets;
import dev.gradflow.app.runs.RunJob;
import dev.gradflow.app.runs.RunsView;
import dev.gradflow.app.runs.RunsViewModel;
import dev.gradflow.app.runs.TrainingQueue;
import dev.gradflow.app.task.FxTaskExecutor;
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
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.jfree.chart.ChartUtils;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The workbench window: menu bar, navigation on the left, one view per feature in the centre, a status line.
 * Wires the engine (run store, run launcher) to the view models; the views only see view models.
 */
public class WorkbenchApp extends Application {
    public enum Page { DESIGN, RUNS, COMPARE, STUDIES }

    private final FxTaskExecutor tasks = new FxTaskExecutor();
    private final ExecutorService trainingThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gradflow-training");
        t.setDaemon(true);
        return t;
    });
    private volatile RunStore store;
    private volatile RunLauncher launcher;
    private Stage stage;
    private BorderPane root;
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
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
    private boolean closing;

    @Override
    public void start(Stage primary) {
        stage = primary;
        openStore(Stores.defaultStore());
        notifier = new FxNotifier(() -> stage);
        queue = new TrainingQueue((spec, obs, cancelled) -> launcher.run(spec, obs, cancelled), trainingThread, tasks, notifier);
        design = new DesignViewModel(spec -> {
            queue.submit(spec);
            show(Page.RUNS);
        });
        design.trainingAllowedProperty().set(false);
        runs = new RunsViewModel(() -> store, tasks);
        compare = new CompareViewModel(() -> store, tasks);
        queue.setOnJobDone(j -> runs.refresh());
        queue.setOnJobStarted(j -> runs.refresh());

        pages.put(Page.DESIGN, new DesignView(design));
        runsView = new RunsView(runs, queue, this::compareRuns);
        pages.put(Page.RUNS, runsView);
        compareView = new CompareView(compare);
        pages.put(Page.COMPARE, compareView);
        pages.put(Page.STUDIES, new dev.gradflow.app.studies.StudiesView(() -> store.file()));

        root = new BorderPane();
        root.getStyleClass().add("workbench");
        root.setTop(menuBar());
        root.setLeft(navigation());
        root.setBottom(statusBar());
        show(Page.DESIGN);

        Scene scene = new Scene(root, 1280, 820);
        scene.getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("GradFlow Workbench");
        stage.setOnCloseRequest(e -> {
            if (!confirmQuit()) e.consume();
        });
        stage.show();
        runs.refresh();
        warmUpEngine();
    }

    private void openStore(Path file) {
        RunStore opened = RunStore.open(file);
        RunStore old = store;
        store = opened;
        launcher = new RunLauncher(opened, List.of());
        statusLine.setText("Store: " + opened.file());
        if (old != null) old.close();
    }

    /** Loads ND4J's native code on a background thread; Train is enabled when it is ready. */
    private void warmUpEngine() {
        tasks.background(() -> {
            String msg;
            boolean ok;
            try {
                NativeWarmup.run();
                msg = "Engine ready (DL4J " + Versions.dl4j() + ")";
                ok = true;
            } catch (Throwable t) {
                msg = "Engine failed to load: " + t;
                ok = false;
            }
            String m = msg;
            boolean ready = ok;
            tasks.ui(() -> {
                engineStatus.setText(m);
                design.trainingAllowedProperty().set(ready);
            });
        });
    }

    // ---- layout ----

    private MenuBar menuBar() {
        MenuItem newSpec = item("New spec", "Shortcut+N", () -> { design.load(Presets.quickDemo().withName("run")); design.fileProperty().set(null); show(Page.DESIGN); });
        MenuItem open = item("Open spec...", "Shortcut+O", this::openSpec);
        MenuItem save = item("Save spec...", "Shortcut+S", this::saveSpec);
        MenuItem openStore = item("Open store...", null, this::chooseStore);
        MenuItem export = item("Export figure...", "Shortcut+E", this::exportFigure);
        MenuItem quit = item("Quit", "Shortcut+Q", () -> { if (confirmQuit()) { stage.hide(); } });
        Menu file = new Menu("File", null, newSpec, open, save, new SeparatorMenuItem(), openStore, export,
                new SeparatorMenuItem(), quit);

        Menu presets = new Menu("Presets");
        for (Presets.Preset p : Presets.all()) {
            MenuItem mi = new MenuItem(p.title());
            mi.setOnAction(e -> { design.load(p.spec()); show(Page.DESIGN); });
            presets.getItems().add(mi);
        }

        MenuItem train = item("Train", "Shortcut+Enter", design::train);
        train.setId("menu-train");
        MenuItem cancel = item("Cancel", "Shortcut+Period", () -> {
            RunJob j = queue.currentProperty().get();
            if (j != null) queue.cancel(j);
        });
        Menu run = new Menu("Run", null, train, cancel);

        presentation = new CheckMenuItem("Presentation mode");
        presentation.setAccelerator(KeyCombination.keyCombination("F5"));
        presentation.selectedProperty().addListener((o, a, on) -> {
            if (on) root.getStyleClass().add("presentation");
            else root.getStyleClass().remove("presentation");
        });
        Menu view = new Menu("View", null,
                item("Design", "Shortcut+1", () -> show(Page.DESIGN)),
                item("Runs", "Shortcut+2", () -> show(Page.RUNS)),
                item("Compare", "Shortcut+3", () -> show(Page.COMPARE)),
                new SeparatorMenuItem(), presentation);
        Menu help = new Menu("Help", null, item("About", null, this::about));
        MenuBar bar = new MenuBar(file, presets, run, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem mi = new MenuItem(text);
        if (accelerator != null) mi.setAccelerator(KeyCombination.keyCombination(accelerator));
        mi.setOnAction(e -> action.run());
        return mi;
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
        HBox bar = new HBox(12, statusLine, spacer, engineStatus);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

    public void show(Page page) {
        root.setCenter(pages.get(page));
        nav.get(page).setSelected(true);
        if (page == Page.RUNS) runs.refresh();
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

    private void openSpec() {
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

    private void saveSpec() {
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

    private void chooseStore() {
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

    private void exportFigure() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export figure");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        fc.setInitialFileName("figure.png");
        File f = fc.showSaveDialog(stage);
        if (f == null) return;
        try {
            if (root.getCenter() == compareView && compareView.currentChart() != null) {
                ChartUtils.saveChartAsPNG(f, compareView.currentChart(), 1600, 1000);
            } else {
                WritableImage img = root.getCenter().snapshot(null, null);
                javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", f);
            }
        } catch (IOException e) {
            error("Cannot export figure", e.getMessage());
        }
    }

    private void about() {
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
    public RunStore store() { return store; }
    RunsView runsView() { return runsView; }
    public Parent root() { return root; }
    public String lastNotification() { return notifier.last(); }
    public void setPresentationMode(boolean on) { presentation.setSelected(on); }

    public static void main(String[] args) {
        Platform.setImplicitExit(true);
        launch(args);
    }
}
