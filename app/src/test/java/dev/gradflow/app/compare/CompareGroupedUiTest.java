package dev.gradflow.app.compare;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Compare headless: four runs of two configurations, "Mean over seeds" on: two heatmap rows, band curves. */
@ExtendWith(ApplicationExtension.class)
class CompareGroupedUiTest {
    private CompareViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new CompareViewModel(r -> { throw new AssertionError(); }, new CurrentThreadTaskExecutor());
        stage.setScene(new Scene(new CompareView(vm), 1200, 700));
        stage.show();
        vm.showWithConfigurations(CompareGroupedTest.runs(), List.of("A", "A", "B", "A"));
    }

    private static boolean rendered(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(n -> ((FigurePanel) n).renderedProperty().get() != null).orElse(false);
    }

    @Test
    void meanOverSeedsDrawsOneRowPerConfigurationAndBandsInTheCurves(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rendered(robot, "#compare-heatmap-3"));
        robot.clickOn("#compare-grouped");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#compare-heatmap-2").tryQuery().isEmpty()
                && rendered(robot, "#compare-heatmap-1") && rendered(robot, "#compare-loss"));
        assertThat(vm.groupedProperty().get()).isTrue();
        assertThat(vm.rows()).hasSize(2);
        assertThat(robot.lookup("#compare-status").queryAs(Label.class).getText()).contains("2 configurations");
        robot.moveTo("#compare-loss");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.hoverProperty().get().contains("mean [95 % band]"));
        assertThat(vm.hoverProperty().get()).contains("quick-demo (n=3) = ").contains("#3 dense (n=1) = ");

        robot.clickOn("#compare-grouped");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rendered(robot, "#compare-heatmap-3"));
        assertThat(vm.rows()).hasSize(4);
    }
}
