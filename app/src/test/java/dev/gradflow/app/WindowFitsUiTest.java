package dev.gradflow.app;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window's content fits the window: at 1280x820, and in presentation mode at 1280x720, with the paper's CNN
 * loaded, no page asks for more width than the window has (a wider root was laid out past the window's edges).
 */
@ExtendWith(ApplicationExtension.class)
class WindowFitsUiTest {
    static {
        try {
            System.setProperty(Stores.PROPERTY, Files.createTempDirectory("gradflow-fit").resolve("runs.db").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WorkbenchApp app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new WorkbenchApp();
        app.start(stage);
    }

    @Stop
    void stop() { app.shutdown(); }

    /** Nodes whose minimum width exceeds {@code limit}, deepest first (to name the culprit). */
    private static void wide(Node n, double limit, List<String> out, String path) {
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                wide(c, limit, out, path + "/" + c.getClass().getSimpleName() + (c.getId() == null ? "" : "#" + c.getId()));
            }
        }
        if (n instanceof Region r && r.minWidth(-1) > limit) out.add(path + " min " + Math.round(r.minWidth(-1)));
    }

    @Test
    void everyPageFitsTheWindowInBothModes(FxRobot robot) throws Exception {
        var cnn = dev.gradflow.model.spec.SpecIO.read(Path.of("..", "sample-data", "specs", "cifar10-paper-cnn.json"));
        robot.interact(() -> {
            app.designViewModel().load(cnn);
            app.show(WorkbenchApp.Page.COMPARE); // build every page: hidden pages count for the window's width too
            app.show(WorkbenchApp.Page.STUDIES);
            app.show(WorkbenchApp.Page.RUNS);
            app.show(WorkbenchApp.Page.DESIGN);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !app.designViewModel().networkLayers().isEmpty());
        for (boolean presentation : new boolean[]{false, true}) {
            robot.interact(() -> {
                app.setPresentationMode(presentation);
                stage.setWidth(1280);
                stage.setHeight(presentation ? 720 : 820);
            });
            WaitForAsyncUtils.waitForFxEvents();
            List<String> out = new ArrayList<>();
            double width = stage.getScene().getWidth();
            robot.interact(() -> wide(app.root(), Double.parseDouble(System.getProperty("fit.limit", "" + width)), out, "root"));
            assertThat(out).as("presentation " + presentation + ", scene width " + width).isEmpty();
            assertThat(app.root().getLayoutBounds().getWidth()).isLessThanOrEqualTo(width);
            // the summary keeps its whole text (the side panel scrolls instead of squeezing it)
            javafx.scene.control.Label summary = robot.lookup("#summary").queryAs(javafx.scene.control.Label.class);
            javafx.scene.text.Text shown = (javafx.scene.text.Text) summary.lookup(".text");
            assertThat(shown.getText().replace("\n", " ")).as("summary shown").doesNotContain("...");
        }
    }
}
