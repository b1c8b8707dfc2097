package dev.gradflow.app;

import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Not a test: compares every run of {@code -Dgradflow.store} (oldest first, e.g. static, SET, RigL trained with
 * {@code gradflow train}) in the Compare view, switches to Turnover mode and saves a window snapshot.
 * Argument: output png. Classpath as for {@code ScreenshotTour} (docs/app.md).
 */
public class CompareTurnoverScreenshot extends WorkbenchApp {
    static Path out;

    public static final class Launch {
        public static void main(String[] args) {
            out = Path.of(args[0]);
            Application.launch(CompareTurnoverScreenshot.class, args);
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
                try (RunStore s = RunStore.openReadOnly(Path.of(System.getProperty(Stores.PROPERTY)))) {
                    runs = s.listRuns().stream().sorted(Comparator.comparingLong(RunSummary::id)).toList();
                }
                Thread.sleep(1500);
                fx(() -> compareRuns(runs));
                Thread.sleep(4000);
                fx(() -> ((ToggleButton) stage.getScene().lookup("#mode-turnover")).fire());
                Thread.sleep(3000);
                AtomicReference<WritableImage> img = new AtomicReference<>();
                fx(() -> img.set(stage.getScene().snapshot(null)));
                ImageIO.write(SwingFXUtils.fromFXImage(img.get(), null), "png", out.toFile());
                System.out.println("saved " + out);
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                Platform.runLater(() -> { stage.hide(); Platform.exit(); });
            }
        }, "turnover-shot");
        t.setDaemon(true);
        t.start();
    }

    private static void fx(Runnable r) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        Platform.runLater(() -> { try { r.run(); } finally { l.countDown(); } });
        l.await();
    }
}
