package dev.gradflow.app.studies;

import dev.gradflow.app.WorkbenchApp;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Not a test: opens the Studies page, loads a study file, starts it (into {@code -Dgradflow.store}; a store that
 * already holds the study just links its runs), waits for the end and saves a window snapshot. With a study name
 * instead of a file, selects that study of the store without training, and shows the figure kind given as the third
 * argument (default {@code scsdc}). Arguments: study file or name, output png[, figure kind]. Classpath as for
 * {@code ScreenshotTour} (docs/app.md).
 */
public class StudiesScreenshot extends WorkbenchApp {
    static Path study, out;
    static String kind = "scsdc";

    public static final class Launch {
        public static void main(String[] args) {
            study = Path.of(args[0]);
            out = Path.of(args[1]);
            if (args.length > 2) kind = args[2];
            Application.launch(StudiesScreenshot.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        super.start(stage);
        Thread t = new Thread(() -> {
            try {
                fx(() -> show(Page.STUDIES));
                AtomicReference<StudiesView> view = new AtomicReference<>();
                fx(() -> view.set((StudiesView) stage.getScene().lookup("#studies-view")));
                StudiesViewModel vm = view.get().viewModel();
                if (study.toString().endsWith(".json")) {
                    fx(() -> view.get().load(study));
                    Thread.sleep(500);
                    fx(vm::start);
                    long end = System.currentTimeMillis() + 900_000;
                    AtomicReference<Boolean> running = new AtomicReference<>(true);
                    while (running.get() && System.currentTimeMillis() < end) {
                        Thread.sleep(500);
                        fx(() -> running.set(vm.runningProperty().get()));
                    }
                } else {
                    long end = System.currentTimeMillis() + 30_000;
                    AtomicReference<Boolean> listed = new AtomicReference<>(false);
                    while (!listed.get() && System.currentTimeMillis() < end) {
                        Thread.sleep(300);
                        fx(() -> listed.set(vm.storedStudies().stream().anyMatch(i -> i.name().equals(study.toString()))));
                    }
                    fx(() -> vm.selectedStudyProperty().set(vm.storedStudies().stream()
                            .filter(i -> i.name().equals(study.toString())).reduce((a, b) -> b).orElseThrow()));
                }
                fx(() -> vm.figureKindProperty().set(dev.gradflow.charts.study.StudyFigures.Kind.valueOf(kind)));
                Thread.sleep(Long.getLong("gradflow.shot.wait", 12_000));
                AtomicReference<WritableImage> img = new AtomicReference<>();
                fx(() -> img.set(stage.getScene().snapshot(null)));
                ImageIO.write(SwingFXUtils.fromFXImage(img.get(), null), "png", out.toFile());
                System.out.println("saved " + out);
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                Platform.runLater(() -> { stage.hide(); Platform.exit(); });
            }
        }, "studies-shot");
        t.setDaemon(true);
        t.start();
    }

    private static void fx(Runnable r) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        Platform.runLater(() -> { try { r.run(); } finally { l.countDown(); } });
        l.await();
    }
}
