package dev.gradflow.app;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.figures.PlotLayout;
import dev.gradflow.app.runs.LiveMetrics;
import dev.gradflow.app.runs.LiveView;
import dev.gradflow.app.runs.ParallelView;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Not a test: screenshots of the "many runs at a glance" views over the runs of {@code -Dgradflow.store} (a sweep with
 * several seeds per configuration, e.g. {@code gradflow sweep} of a grid with {@code "seeds": 3}): the runs table with
 * spec columns grouped by configuration, Compare with the mean over seeds, the parallel-coordinates window with a
 * brush, and the live charts zoomed with the hover tooltip (fed from a stored run; captured from the screen so the
 * tooltip shows). Argument: output folder. Classpath as for {@code ScreenshotTour} (docs/app.md); real glass (Xvfb).
 */
public class RunsAtAGlanceScreenshot extends WorkbenchApp {
    static Path out;

    public static final class Launch {
        public static void main(String[] args) {
            out = Path.of(args[0]);
            Application.launch(RunsAtAGlanceScreenshot.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        super.start(stage);
        stage.setWidth(1400);
        stage.setHeight(860);
        Thread t = new Thread(() -> {
            try {
                List<RunSummary> runs;
                Path db = Path.of(System.getProperty(Stores.PROPERTY));
                try (RunStore s = RunStore.openReadOnly(db)) {
                    runs = s.listRuns().stream().sorted(Comparator.comparingLong(RunSummary::id)).toList();
                }
                Thread.sleep(1500);
                fx(() -> {
                    show(Page.RUNS);
                    runsViewModel().columns().setAll("sparsity.density", "optimizer.type", "seed");
                    runsViewModel().groupedProperty().set(true);
                });
                Thread.sleep(3000);
                snap(stage, "15-runs-spec-columns-grouped.png");

                fx(() -> compareRuns(runs));
                Thread.sleep(25000); // 18 runs loaded from the store, 6 configurations drawn (slow on a shared machine)
                snap(stage, "16-compare-mean-over-seeds.png");

                fx(() -> {
                    show(Page.RUNS);
                    runsViewModel().groupedProperty().set(false);
                });
                Thread.sleep(1500);
                fx(() -> ((Button) stage.getScene().lookup("#runs-parallel")).fire());
                Thread.sleep(2500);
                AtomicReference<Stage> pc = new AtomicReference<>();
                fx(() -> {
                    for (Window w : Window.getWindows()) {
                        if (w instanceof Stage s && s.getScene() != null && s.getScene().getRoot() instanceof ParallelView) pc.set(s);
                    }
                    ParallelView v = (ParallelView) pc.get().getScene().getRoot();
                    int acc = v.viewModel().axes().size() - 3;
                    var a = v.viewModel().axes().get(acc);
                    v.viewModel().brush(acc, a.lo() + 0.6 * (a.hi() - a.lo()), a.hi());
                });
                Thread.sleep(2500);
                snap(pc.get(), "17-parallel-coordinates.png");
                fx(() -> pc.get().hide());

                live(db, runs.get(runs.size() - 1));
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                Platform.runLater(() -> { stage.hide(); Platform.exit(); });
            }
        }, "glance-shots");
        t.setDaemon(true);
        t.start();
    }

    /** A live view fed with a stored run's steps, zoomed, with the tooltip over one point; captured from the screen. */
    private void live(Path db, RunSummary run) throws Exception {
        LiveMetrics m = new LiveMetrics();
        try (RunStore s = RunStore.openReadOnly(db)) {
            s.steps(run.id(), 0, Integer.MAX_VALUE).forEach(m::add);
            s.evalPoints(run.id()).forEach(m::add);
        }
        AtomicReference<Stage> st = new AtomicReference<>();
        AtomicReference<LiveView> lv = new AtomicReference<>();
        fx(() -> {
            LiveView v = new LiveView();
            v.viewModel().start(run.name());
            v.viewModel().apply(m.drainSteps(), m.drainTests());
            double[] r = v.viewModel().visibleRange();
            v.viewModel().setRange(r[0] + 0.1 * (r[1] - r[0]), r[0] + 0.45 * (r[1] - r[0]));
            v.redraw();
            Stage s = new Stage();
            Scene scene = new Scene(v, 1100, 420);
            scene.getStylesheets().setAll(getClass().getResource("workbench.css").toExternalForm());
            s.setScene(scene);
            s.setX(0);
            s.setY(0);
            s.show();
            st.set(s);
            lv.set(v);
        });
        Thread.sleep(3000);
        AtomicReference<Point2D> at = new AtomicReference<>();
        fx(() -> {
            FigurePanel p = (FigurePanel) lv.get().lookup("#live-loss-chart");
            PlotLayout l = p.plotLayout();
            at.set(p.localToScreen(l.dataArea().getX() + 0.55 * l.dataArea().getWidth(), l.dataArea().getCenterY()));
        });
        java.awt.Robot robot = new java.awt.Robot();
        robot.mouseMove((int) at.get().getX() - 3, (int) at.get().getY());
        Thread.sleep(300);
        robot.mouseMove((int) at.get().getX(), (int) at.get().getY());
        Thread.sleep(1500);
        AtomicReference<Rectangle> bounds = new AtomicReference<>();
        fx(() -> bounds.set(new Rectangle((int) st.get().getX(), (int) st.get().getY(), (int) st.get().getWidth(), (int) st.get().getHeight())));
        BufferedImage img = robot.createScreenCapture(bounds.get());
        ImageIO.write(img, "png", out.resolve("18-live-zoom-hover.png").toFile());
        System.out.println("saved 18-live-zoom-hover.png");
        fx(() -> st.get().hide());
    }

    private static void snap(Stage stage, String name) throws Exception {
        AtomicReference<WritableImage> img = new AtomicReference<>();
        fx(() -> img.set(stage.getScene().snapshot(null)));
        ImageIO.write(SwingFXUtils.fromFXImage(img.get(), null), "png", out.resolve(name).toFile());
        System.out.println("saved " + name);
    }

    private static void fx(Runnable r) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        Platform.runLater(() -> { try { r.run(); } finally { l.countDown(); } });
        l.await();
    }
}
