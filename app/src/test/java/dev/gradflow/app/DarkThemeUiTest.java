package dev.gradflow.app;

import dev.gradflow.app.figures.ScreenStyle;
import dev.gradflow.charts.style.Theme;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
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
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** View > Dark theme: the window turns dark with light text, figures use the dark theme, the choice is remembered. */
@ExtendWith(ApplicationExtension.class)
class DarkThemeUiTest {
    private static final String NODE = "dev/gradflow/workbench-tests/dark-theme-" + ProcessHandle.current().pid();

    static {
        try {
            System.setProperty(Stores.PROPERTY, Files.createTempDirectory("gradflow-dark").resolve("runs.db").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WorkbenchApp app;

    @Start
    void start(Stage stage) {
        System.setProperty(UiPreferences.NODE_PROPERTY, NODE);
        app = new WorkbenchApp();
        app.start(stage);
    }

    @Stop
    void stop() { app.shutdown(); }

    @AfterAll
    static void removeNode() throws Exception {
        Preferences.userRoot().node(NODE).removeNode();
    }

    private static double brightness(Color c) { return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue(); }

    @Test
    void darkThemeTurnsTheWindowDarkAndIsRemembered(FxRobot robot) {
        assertThat(app.darkTheme()).isFalse();
        Label name = robot.lookup(".section-title").queryAs(Label.class);
        Color lightText = (Color) name.getTextFill();
        robot.clickOn("View").clickOn("Dark theme");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.root().getStyleClass()).contains("dark");
        Color darkText = (Color) name.getTextFill();
        assertThat(brightness(lightText)).isLessThan(0.3);
        assertThat(brightness(darkText)).as("text on the dark background").isGreaterThan(0.7);
        Region page = (Region) app.root();
        Color background = (Color) page.getBackground().getFills().get(0).getFill();
        assertThat(brightness(background)).as("page background").isLessThan(0.25);
        assertThat(new UiPreferences(NODE).darkTheme()).isTrue();
        // every page's figures follow the theme, the Studies page's too
        robot.interact(() -> app.show(WorkbenchApp.Page.STUDIES));
        var studies = robot.lookup("#studies-view").queryAs(dev.gradflow.app.studies.StudiesView.class);
        assertThat(studies.darkProperty().get()).as("the Studies page's figure follows the theme").isTrue();
        assertThat(ScreenStyle.of(false, true).theme()).isEqualTo(Theme.DARK);
        assertThat(ScreenStyle.of(false, false).theme()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void aRememberedDarkThemeIsThereAtStart(FxRobot robot) {
        // runs in a fresh window: whatever the order of the tests, set the preference and start again
        new UiPreferences(NODE).setDarkTheme(true);
        robot.interact(() -> {
            app.shutdown();
            Stage s = new Stage();
            app = new WorkbenchApp();
            app.start(s);
        });
        assertThat(app.darkTheme()).isTrue();
        assertThat(app.root().getStyleClass()).contains("dark");
        robot.interact(() -> app.setDarkTheme(false));
        assertThat(new UiPreferences(NODE).darkTheme()).isFalse();
    }
}
