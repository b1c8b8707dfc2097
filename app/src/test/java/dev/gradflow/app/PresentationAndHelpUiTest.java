package dev.gradflow.app;

import dev.gradflow.app.figures.ScreenStyle;
import dev.gradflow.app.help.HelpWindows;
import dev.gradflow.app.help.Measures;
import dev.gradflow.charts.figure.ChartStyler;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Presentation mode on a 1280x720 projector, Help > Measures and Help > Shortcuts, the training queue's height. */
@ExtendWith(ApplicationExtension.class)
class PresentationAndHelpUiTest {
    static {
        try {
            System.setProperty(Stores.PROPERTY, Files.createTempDirectory("gradflow-pres").resolve("runs.db").toString());
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

    /** Visible labelled controls whose text JavaFX cut (shown text differs from the text, e.g. "Trainin..."). */
    static List<String> truncated(Node root) {
        List<String> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Node n, List<String> out) {
        if (!n.isVisible() || n.getOpacity() == 0) return;
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && !l.isWrapText()) {
            Node t = l.lookup(".text");
            String want = l.isMnemonicParsing() ? l.getText().replaceFirst("_", "") : l.getText();
            if (t instanceof Text text && !text.getText().equals(want)
                    && !text.getText().replace("\n", " ").equals(want)) {
                out.add("'" + l.getText() + "' shown as '" + text.getText() + "' (" + l.getClass().getSimpleName()
                        + (l.getId() == null ? "" : " #" + l.getId()) + ")");
            }
        }
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) walk(c, out);
    }

    @Test
    void presentationModeFitsA1280x720ProjectorWithoutCutLabels(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
            app.setPresentationMode(true);
        });
        List<String> problems = new ArrayList<>();
        for (WorkbenchApp.Page page : WorkbenchApp.Page.values()) {
            robot.interact(() -> app.show(page));
            WaitForAsyncUtils.waitForFxEvents();
            for (String t : truncated(stage.getScene().getRoot())) problems.add(page + ": " + t);
        }
        assertThat(problems).isEmpty();
        assertThat(stage.getScene().getWidth()).isLessThanOrEqualTo(1280);
    }

    @Test
    void presentationFiguresUseAtLeast18PxText() {
        var s = ScreenStyle.of(true);
        assertThat(ChartStyler.font(s, -1, false).getSize2D()).as("tick labels, legends").isGreaterThanOrEqualTo(18f);
        assertThat(ChartStyler.font(s, 0, false).getSize2D()).as("axis labels").isGreaterThanOrEqualTo(18f);
        assertThat(s.size().isPaper()).isFalse(); // free size: 1 unit = 1 px on screen
    }

    @Test
    void helpShortcutsListsEveryMenuAcceleratorAndTheMouseGestures(FxRobot robot) {
        List<HelpWindows.Shortcut> rows = app.shortcuts();
        List<String> keys = new ArrayList<>();
        robot.interact(() -> {
            javafx.scene.control.MenuBar bar = robot.lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class);
            for (var m : bar.getMenus()) for (MenuItem i : m.getItems()) if (i.getAccelerator() != null) keys.add(i.getAccelerator().getDisplayText());
        });
        assertThat(keys).isNotEmpty();
        assertThat(rows.stream().map(HelpWindows.Shortcut::keys).toList()).containsAll(keys);
        assertThat(rows).anyMatch(r -> r.action().equals("Run > Train"));
        assertThat(rows).anyMatch(r -> r.keys().equals("Mouse wheel"));
        robot.clickOn("Help").clickOn("#menu-shortcuts");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#shortcuts-table").queryTableView();
        assertThat(table.getItems()).hasSize(rows.size());
    }

    @Test
    void helpMeasuresExplainsEveryMeasureWithAFormulaAndShowsTheMaskDiagram(FxRobot robot) {
        robot.clickOn("Help").clickOn("#menu-measures");
        WaitForAsyncUtils.waitForFxEvents();
        Node help = robot.lookup("#measures-help").query();
        List<String> texts = new ArrayList<>();
        robot.lookup(n -> n instanceof Labeled l && isInside(n, help)).queryAllAs(Labeled.class).forEach(l -> texts.add(l.getText()));
        for (Measures.Entry e : Measures.all()) assertThat(texts).contains(e.formula(), e.name());
        assertThat(texts).contains("‖g_l ⊙ M_l‖₁,  ‖g_l ⊙ M_l‖₂");
        for (var m : dev.gradflow.charts.data.Measure.values()) assertThat(String.join(" ", texts)).contains(m.id());
        assertThat(robot.lookup("#mask-diagram").lookup(".pruned").queryAll()).hasSize(20 - 7);
        assertThat(robot.lookup("#mask-diagram").lookup(".mask-on").queryAll()).hasSize(7);
    }

    private static boolean isInside(Node n, Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) if (p == ancestor) return true;
        return false;
    }

    @Test
    void trainingQueueShowsAWholeNumberOfRows(FxRobot robot) {
        for (boolean presentation : new boolean[]{false, true}) {
            robot.interact(() -> {
                app.setPresentationMode(presentation);
                app.show(WorkbenchApp.Page.RUNS);
            });
            WaitForAsyncUtils.waitForFxEvents();
            TableView<?> jobs = robot.lookup("#jobs-table").queryTableView();
            Node header = jobs.lookup(".column-header-background");
            double body = jobs.getHeight() - header.getBoundsInLocal().getHeight() - jobs.snappedTopInset() - jobs.snappedBottomInset();
            double rows = body / jobs.getFixedCellSize();
            assertThat(rows).as("rows visible, presentation " + presentation).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.2));
        }
    }
}
