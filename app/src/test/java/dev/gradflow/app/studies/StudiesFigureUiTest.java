package dev.gradflow.app.studies;

import dev.gradflow.app.figures.FigureRenderer;
import dev.gradflow.charts.study.StudyFigures;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.study.PlannedRun;
import dev.gradflow.model.study.StudyStore;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Studies page's figure, headless: a store with an SC-SDC study (written through the store API, no training);
 * choosing the study and a figure kind draws that figure in the panel beside the tables.
 */
@ExtendWith(ApplicationExtension.class)
class StudiesFigureUiTest {
    static final Path STORE = fixture();

    /** An SC-SDC study "figs": 2 optimizers x 2 dense widths x 3 seeds x sparse/dense, 3 evaluation points per run. */
    static Path fixture() {
        try {
            Path db = Files.createTempDirectory("gradflow-studies-fig").resolve("runs.db");
            List<LayerInfo> layers = List.of(new LayerInfo(0, "dense1", "dense", new long[]{4, 3}, 12, 6));
            try (StudyStore st = StudyStore.open(db); RunStore rs = RunStore.open(db)) {
                long study = st.ensureStudy("figs", "scsdc", "{\"name\":\"figs\"}");
                String[] types = {"sgd", "adam"};
                for (int c = 0; c < 2; c++) {
                    String config = "type=" + types[c];
                    for (int w : new int[]{8, 16}) {
                        for (int s = 1; s <= 3; s++) {
                            for (String role : List.of("sparse", "dense")) {
                                String name = "figs/" + config + "/w" + w + "/" + role + "/s" + s;
                                long id = rs.createRun(new NewRun(name, "{}", "h" + name, "blobs", types[c], "relu", 0.5, s, Map.of(), layers));
                                try (MetricsWriter mw = rs.writer(id)) {
                                    for (int k = 0; k < 3; k++) {
                                        double e = 0.3 + 0.1 * k + 0.02 * s + (role.equals("sparse") ? 0.2 : 0) + 0.01 * c;
                                        double acc = 0.6 + 0.01 * s + 0.02 * c + (role.equals("sparse") ? 0.01 * s : 0) + w / 1000.0 - 0.05 * (2 - k);
                                        mw.eval(new EvalPoint(k, 4L * k, 1, 1, 0.5, 1.5 - acc, acc, new NetworkFlow(5 * e, 2 * e, 3 * e, e, e / 50, e / 10), List.of()));
                                    }
                                }
                                rs.finish(id, RunStatus.FINISHED, "ok");
                                st.link(study, id, new PlannedRun(0, name, null, "h" + name, config, "{\"optimizer.type\":\"" + types[c] + "\"}",
                                        role, config + "/w" + w + "/s" + s, w, s, 6));
                            }
                        }
                    }
                }
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StudiesView view;

    @Start
    void start(Stage stage) {
        view = new StudiesView(() -> STORE);
        stage.setScene(new Scene(view, 1300, 850));
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void choosingAStudyAndAFigureKindDrawsThatFigure(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !view.viewModel().storedStudies().isEmpty());
        ComboBox<StudyStore.StudyInfo> studies = robot.lookup("#studies-stored").queryAs(ComboBox.class);
        ComboBox<StudyFigures.Kind> kinds = robot.lookup("#studies-figure-kind").queryAs(ComboBox.class);
        assertThat(studies.getItems()).extracting(StudyStore.StudyInfo::name).containsExactly("figs");

        robot.interact(() -> studies.setValue(studies.getItems().get(0)));
        for (StudyFigures.Kind kind : List.of(StudyFigures.Kind.scsdc, StudyFigures.Kind.pvalues, StudyFigures.Kind.egf)) {
            robot.interact(() -> kinds.setValue(kind));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
                var f = view.viewModel().figureProperty().get();
                FigureRenderer.Rendered r = view.figurePanel().renderedProperty().get();
                return f != null && f.kind().equals("study-" + kind.name()) && r != null && view.figurePanel().painter() != null;
            }).get());
            // the panel shows what the painter of this figure drew: wait for the render of the current painter
            WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            BufferedImage img = SwingFXUtils.fromFXImage(view.figurePanel().renderedProperty().get().image(), null);
            assertThat(img.getWidth()).isGreaterThan(300);
            assertThat(colouredPixels(img)).as(kind + ": lines, bands or cells in colour").isGreaterThan(500);
            assertThat(view.viewModel().figureMessageProperty().get()).isEmpty();
        }
        // the tables of the chosen study are shown too
        assertThat(view.viewModel().tables()).isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDarkThemeAndPresentationModeRedrawTheFigureDark(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !view.viewModel().storedStudies().isEmpty());
        ComboBox<StudyStore.StudyInfo> studies = robot.lookup("#studies-stored").queryAs(ComboBox.class);
        robot.interact(() -> studies.setValue(studies.getItems().get(0)));
        robot.interact(() -> view.viewModel().figureKindProperty().set(StudyFigures.Kind.scsdc));
        waitForBackground(false, "a light figure by default");
        robot.interact(() -> view.darkProperty().set(true));
        waitForBackground(true, "the dark theme draws a dark figure");
        robot.interact(() -> view.darkProperty().set(false));
        waitForBackground(false, "back to light");
        robot.interact(() -> view.presentationProperty().set(true));
        waitForBackground(true, "presentation mode draws a dark figure");
        robot.interact(() -> view.presentationProperty().set(false));
    }

    /** Waits until the panel shows a rendered figure whose top-left corner is dark (brightness < 0.25) or light (> 0.9). */
    private void waitForBackground(boolean dark, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
                FigureRenderer.Rendered r = view.figurePanel().renderedProperty().get();
                if (view.viewModel().figureProperty().get() == null || r == null || view.figurePanel().painter() == null) return false;
                BufferedImage img = SwingFXUtils.fromFXImage(r.image(), null);
                int rgb = img.getRGB(3, 3);
                double y = (0.2126 * (rgb >> 16 & 255) + 0.7152 * (rgb >> 8 & 255) + 0.0722 * (rgb & 255)) / 255.0;
                return dark ? y < 0.25 : y > 0.9;
            }).get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("within 30 s, " + what, e);
        }
    }

    /** Pixels that are neither grey nor white: the figure's data colours. */
    static int colouredPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y), r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) n++;
            }
        }
        return n;
    }
}
