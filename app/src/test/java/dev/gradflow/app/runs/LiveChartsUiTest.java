package dev.gradflow.app.runs;

import dev.gradflow.app.figures.FigurePanel;
import dev.gradflow.app.figures.PlotLayout;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Live charts on the Runs page: hover tooltip with step and value, wheel and drag zoom, double-click reset. */
@ExtendWith(ApplicationExtension.class)
class LiveChartsUiTest {
    private LiveView view;
    private FigurePanel loss;

    static double lossAt(long step) { return 2.0 - 0.005 * step; }

    @Start
    void start(Stage stage) {
        view = new LiveView();
        stage.setScene(new Scene(view, 1000, 420));
        stage.show();
        LiveViewModel vm = view.viewModel();
        vm.start("demo");
        List<LiveMetrics.StepPoint> batch = new ArrayList<>();
        for (long s = 0; s < 200; s++) {
            batch.add(new LiveMetrics.StepPoint(s, lossAt(s), Double.NaN, new String[]{"dense1", "output"}, new double[]{0.1 + s * 1e-3, 0.2}));
        }
        vm.apply(batch, List.of());
        view.redraw();
        loss = (FigurePanel) view.lookup("#live-loss-chart");
    }

    private static boolean rendered(FigurePanel p) { return p.renderedProperty().get() != null; }

    /** Screen point of step {@code step} at the vertical middle of the drawn plot. */
    private Point2D at(double step) {
        PlotLayout l = loss.plotLayout();
        double x = l.dataArea().getX() + (step - l.xLo()) / (l.xHi() - l.xLo()) * l.dataArea().getWidth();
        return loss.localToScreen(x, l.dataArea().getCenterY());
    }

    /**
     * Waits until the loss chart shows the whole run (steps 0..199) and neither its plot range nor its place on the
     * screen changes between two pulses: a layout pass or refresh after the first render moves the plot, and a point
     * computed before that would land on another step.
     */
    private void awaitSettled() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rendered(loss));
        awaitRange(0, 199, 1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            Point2D before = at(100);
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.sleep(100, TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            return before.distance(at(100)) < 0.5;
        });
    }

    private void awaitRange(double lo, double hi, double tol) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            PlotLayout l = loss.plotLayout();
            return Math.abs(l.xLo() - lo) <= tol && Math.abs(l.xHi() - hi) <= tol;
        });
    }

    @Test
    void hoverShowsTheStepAndValueUnderThePointer(FxRobot robot) throws Exception {
        awaitSettled();
        robot.moveTo(at(120));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.hoverTooltip().isShowing());
        String text = view.hoverTooltip().getText();
        Matcher m = Pattern.compile("step (\\d+)\\ntrain loss ([0-9.]+)").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        long step = Long.parseLong(m.group(1));
        assertThat(step).isBetween(118L, 122L);
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(lossAt(step), within(1e-9));
        robot.moveTo(loss.localToScreen(2, 2)); // outside the plot: no tooltip
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !view.hoverTooltip().isShowing());
    }

    @Test
    void dragZoomsToTheDraggedStepsAndDoubleClickResets(FxRobot robot) throws Exception {
        awaitSettled();
        double perPixel = 199 / loss.plotLayout().dataArea().getWidth();
        robot.drag(at(50), MouseButton.PRIMARY).moveTo(at(100)).moveTo(at(150)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double[] v = view.viewModel().visibleRange();
        assertThat(view.viewModel().isZoomed()).isTrue();
        assertThat(v[0]).isCloseTo(50, within(2 * perPixel + 1e-9));
        assertThat(v[1]).isCloseTo(150, within(2 * perPixel + 1e-9));
        awaitRange(v[0], v[1], 1e-6);

        robot.doubleClickOn(at(100), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.viewModel().isZoomed()).isFalse();
        awaitRange(0, 199, 1);
    }

    @Test
    void wheelZoomsAroundThePointer(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rendered(loss));
        awaitRange(0, 199, 1);
        robot.moveTo(at(100));
        // one wheel notch; which direction means "in" depends on the platform's wheel sign, so try both
        robot.scroll(1, VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        if (!view.viewModel().isZoomed()) {
            robot.scroll(1, VerticalDirection.DOWN);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(view.viewModel().isZoomed()).isTrue();
        double[] v = view.viewModel().visibleRange();
        assertThat(v[1] - v[0]).isCloseTo(0.8 * 199, within(1.0));
        assertThat(v[0]).isLessThan(100).isGreaterThan(0);
        assertThat(v[1]).isGreaterThan(100).isLessThan(199);
        awaitRange(v[0], v[1], 1e-6);
    }
}
