package dev.gradflow.app;

import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.spec.ExperimentSpec;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Not a test: drives the real app through its main screens and saves snapshots of the window, for docs and for
 * looking at the UI. Run with {@code -Dgradflow.store=/tmp/x.db} and an output folder as the first argument.
 */
public class ScreenshotTour extends WorkbenchApp {
    static Path out;

    /** Launcher that does not extend Application (plain classpath). */
    public static final class Launch {
        public static void main(String[] args) {
            Diagnostics.mark("main()");
            Startup.begin();
            out = Path.of(args.length > 0 ? args[0] : "/tmp/app-shots");
            Application.launch(ScreenshotTour.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        super.start(stage);
        Thread t = new Thread(() -> {
            try {
                tour(stage);
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                Platform.runLater(() -> { stage.hide(); Platform.exit(); });
            }
        }, "tour");
        t.setDaemon(true);
        t.start();
    }

    private void tour(Stage stage) throws Exception {
        Files.createDirectories(out);
        waitFor(() -> designViewModel().canTrainProperty().get(), 90);
        if (Boolean.getBoolean("gradflow.tour.modesOnly")) {
            // only the light / dark / presentation shots, comparing the two newest runs already in the store
            fx(() -> show(Page.RUNS));
            Thread.sleep(2000);
            fx(() -> {
                runsView().runsTable().getSelectionModel().clearSelection();
                runsView().runsTable().getSelectionModel().selectRange(0, 2);
                compareSelected();
            });
            Thread.sleep(3000);
            modes(stage);
            return;
        }
        ExperimentSpec quick = SpecIO.read(Path.of(System.getProperty("gradflow.tour.spec", "sample-data/specs/quick-demo.json")));
        fx(() -> designViewModel().load(quick));
        Thread.sleep(800);
        shot(stage, "01-design.png");
        fx(() -> {
            designViewModel().load(dev.gradflow.app.design.Presets.tinySpirals());
            designViewModel().optimizerProperty().set(dev.gradflow.model.spec.OptimizerSpec.Type.MOMENTUM);
            designViewModel().scheduleProperty().set(dev.gradflow.model.spec.ScheduleSpec.Type.COSINE);
            designViewModel().warmupProperty().set("20");
            designViewModel().distributionProperty().set(dev.gradflow.model.spec.SparsitySpec.Distribution.UNIFORM);
        });
        Thread.sleep(1500);
        shot(stage, "08-design-spirals-regime.png");
        fx(() -> designViewModel().learningRateProperty().set("-1"));
        fx(() -> designViewModel().epochsProperty().set("zero"));
        Thread.sleep(500);
        shot(stage, "02-design-invalid.png");
        // run 1: quick demo as shipped (diagnostics, if on, measure its FX stalls without screenshots interfering)
        fx(() -> { designViewModel().load(quick); designViewModel().train(); });
        // run 2: the same network dense; the run is named by what differs ("quick-demo density=1.0")
        fx(() -> {
            designViewModel().load(quick);
            designViewModel().densityProperty().set(1.0);
            designViewModel().train();
        });
        waitFor(() -> queue().currentProperty().get() != null && queue().currentProperty().get().name().equals("quick-demo density=1.0")
                && queue().currentProperty().get().progressProperty().get() > 0.5, 900);
        Thread.sleep(600);
        shot(stage, "03-training-live.png");
        waitFor(() -> !queue().isBusy(), 900);
        Thread.sleep(1500);
        shot(stage, "04-runs.png");
        fx(() -> {
            runsView().runsTable().getSelectionModel().clearSelection();
            runsView().runsTable().getSelectionModel().selectRange(0, 2);
            compareSelected();
        });
        Thread.sleep(3000);
        shot(stage, "05-compare.png");
        fx(() -> compareViewModel().zoom(0.4, compareViewModel().rangeHiProperty().get() * 0.3));
        fx(() -> compareViewModel().modeProperty().set(dev.gradflow.app.compare.CompareViewModel.Mode.DIFFERENCE));
        Thread.sleep(2500);
        shot(stage, "07-compare-difference.png");
        fx(() -> { compareViewModel().resetZoom(); compareViewModel().modeProperty().set(dev.gradflow.app.compare.CompareViewModel.Mode.HEATMAPS); });
        fx(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
            setPresentationMode(true);
        });
        Thread.sleep(3000);
        shot(stage, "06-presentation.png");
        fx(() -> show(Page.DESIGN));
        Thread.sleep(1500);
        shot(stage, "09-presentation-design.png");
        fx(() -> show(Page.RUNS));
        Thread.sleep(2000);
        shot(stage, "10-presentation-runs.png");
        fx(() -> setPresentationMode(false));
        AtomicReference<Stage> help = new AtomicReference<>();
        fx(() -> help.set(dev.gradflow.app.help.HelpWindows.show(stage, "Measures", dev.gradflow.app.help.HelpWindows.measuresView(),
                stage.getScene().getStylesheets(), false)));
        Thread.sleep(1200);
        shot(help.get(), "11-help-measures.png");
        fx(() -> help.get().hide());
        fx(() -> help.set(dev.gradflow.app.help.HelpWindows.show(stage, "Shortcuts",
                dev.gradflow.app.help.HelpWindows.shortcutsView(shortcuts()), stage.getScene().getStylesheets(), false)));
        Thread.sleep(1200);
        shot(help.get(), "12-help-shortcuts.png");
        fx(() -> help.get().hide());
        fx(() -> { show(Page.RUNS); runsView().runsTable().getSelectionModel().clearSelection(); });
        fx(() -> runsViewModel().filterProperty().set("density < 0.5"));
        Thread.sleep(1200);
        shot(stage, "13-runs-filter.png");
        fx(() -> runsViewModel().filterProperty().set(""));
        modes(stage);
    }

    /**
     * Every view (Design with the paper's CNN, Runs, Compare, Studies, Help > Measures, Help > Shortcuts) in the light
     * theme, the dark theme and presentation mode: {@code 2<n>-<mode>-<view>.png}. Run with
     * {@code -Dgradflow.prefs.node=...} so that the theme switches do not change your own preferences.
     */
    private void modes(Stage stage) throws Exception {
        ExperimentSpec cnn = SpecIO.read(Path.of("sample-data/specs/cifar10-paper-cnn.json"));
        String[] modes = {"light", "dark", "presentation"};
        for (int m = 0; m < modes.length; m++) {
            String mode = modes[m];
            boolean presentation = mode.equals("presentation");
            fx(() -> {
                setDarkTheme(mode.equals("dark"));
                setPresentationMode(presentation);
                stage.setWidth(1280);
                stage.setHeight(presentation ? 720 : 820);
                designViewModel().load(cnn);
                show(Page.DESIGN);
            });
            Thread.sleep(2500);
            String prefix = (20 + m) + "-" + mode + "-";
            shot(stage, prefix + "1-design.png");
            fx(() -> show(Page.RUNS));
            Thread.sleep(2000);
            shot(stage, prefix + "2-runs.png");
            fx(() -> show(Page.COMPARE));
            Thread.sleep(3000);
            shot(stage, prefix + "3-compare.png");
            fx(() -> show(Page.STUDIES));
            Thread.sleep(2000);
            shot(stage, prefix + "4-studies.png");
            AtomicReference<Stage> help = new AtomicReference<>();
            fx(() -> help.set(dev.gradflow.app.help.HelpWindows.show(stage, "Measures",
                    dev.gradflow.app.help.HelpWindows.measuresView(), stage.getScene().getStylesheets(), presentation,
                    mode.equals("dark"))));
            Thread.sleep(1500);
            shot(help.get(), prefix + "5-help-measures.png");
            fx(() -> help.get().hide());
            fx(() -> help.set(dev.gradflow.app.help.HelpWindows.show(stage, "Shortcuts",
                    dev.gradflow.app.help.HelpWindows.shortcutsView(shortcuts()), stage.getScene().getStylesheets(),
                    presentation, mode.equals("dark"))));
            Thread.sleep(1500);
            shot(help.get(), prefix + "6-help-shortcuts.png");
            fx(() -> help.get().hide());
        }
        fx(() -> { setDarkTheme(false); setPresentationMode(false); });
    }

    private static void fx(Runnable r) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        Platform.runLater(() -> { try { r.run(); } finally { l.countDown(); } });
        l.await();
    }

    private static void waitFor(Supplier<Boolean> cond, int seconds) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            AtomicReference<Boolean> ok = new AtomicReference<>(false);
            fx(() -> ok.set(cond.get()));
            if (ok.get()) return;
            Thread.sleep(250);
        }
        System.err.println("timed out waiting");
    }

    private static void shot(Stage stage, String name) throws Exception {
        AtomicReference<WritableImage> img = new AtomicReference<>();
        fx(() -> img.set(stage.getScene().snapshot(null)));
        ImageIO.write(SwingFXUtils.fromFXImage(img.get(), null), "png", out.resolve(name).toFile());
        System.out.println("saved " + out.resolve(name));
    }
}
