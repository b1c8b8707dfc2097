package dev.gradflow.app.design;

import dev.gradflow.app.Stores;
import dev.gradflow.app.WorkbenchApp;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.SpecIO;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Design page with the sample CNN and Wide-ResNet specs: their blocks, the engine's layers and totals. */
@ExtendWith(ApplicationExtension.class)
class DesignCnnUiTest {
    static {
        try {
            System.setProperty(Stores.PROPERTY, Files.createTempDirectory("gradflow-cnn").resolve("runs.db").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WorkbenchApp app;

    @Start
    void start(Stage stage) {
        app = new WorkbenchApp();
        app.start(stage);
    }

    @Stop
    void stop() { app.shutdown(); }

    private void load(FxRobot robot, String file) throws Exception {
        var spec = SpecIO.read(Path.of("..", "sample-data", "specs", file));
        robot.interact(() -> app.designViewModel().load(spec));
        // the summary is computed off the FX thread
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !app.designViewModel().networkLayers().isEmpty()
                && app.designViewModel().networkLayers().stream().anyMatch(r -> r.kind().equals("conv")));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Visible with every ancestor (a hidden section hides its table). */
    private static boolean shown(javafx.scene.Node n) {
        for (javafx.scene.Node x = n; x != null; x = x.getParent()) if (!x.isVisible()) return false;
        return true;
    }

    @Test
    @SuppressWarnings("unchecked")
    void loadingThePaperCnnShowsItsBlocksConvLayersAndTotals(FxRobot robot) throws Exception {
        load(robot, "cifar10-paper-cnn.json");
        TableView<BlockRow> blocks = robot.lookup("#blocks-table").queryAs(TableView.class);
        assertThat(shown(blocks)).isTrue();
        assertThat(shown(robot.lookup("#stages").query())).isFalse();
        assertThat(blocks.getItems()).extracting(b -> b.filtersProperty().get()).containsExactly(32, 64, 64, 128, 128);
        TableView<NetworkRow> network = robot.lookup("#network-table").queryAs(TableView.class);
        List<String> names = network.getItems().stream().map(NetworkRow::name).toList();
        assertThat(names).contains("conv1", "conv2", "conv3", "conv4", "conv5", "pool1", "pool5", "output");
        assertThat(network.getItems().stream().filter(r -> r.name().equals("pool1")).findFirst().orElseThrow().output())
                .isEqualTo("32x16x16");
        // by hand: 3x3 kernels 3-32-64-64-128-128, then 128 x 10; biases 32+64+64+128+128+10
        long weights = 9L * (3 * 32 + 32 * 64 + 64 * 64 + 64 * 128 + 128 * 128) + 128 * 10;
        long params = weights + 32 + 64 + 64 + 128 + 128 + 10;
        String summary = robot.lookup("#summary").queryAs(Label.class).getText();
        assertThat(summary).contains(String.format("%,d weights", weights)).contains(String.format("%,d parameters", params));
        assertThat(summary).doesNotContain("3072");
        // the density bars list the five convolutions and the output layer
        assertThat(app.designViewModel().layerSummary()).extracting(NetworkRow::name)
                .containsExactly("conv1", "conv2", "conv3", "conv4", "conv5", "output");
    }

    @Test
    @SuppressWarnings("unchecked")
    void wideResNetShowsItsStagesAndHidesTheDenseLayers(FxRobot robot) throws Exception {
        load(robot, "cifar10-wide-resnet-small.json");
        assertThat(app.designViewModel().architectureTypeProperty().get()).isEqualTo(ArchitectureSpec.Type.RESIDUAL_CNN);
        assertThat(robot.lookup("#stages").queryTextInputControl().getText()).isEqualTo("3");
        assertThat(robot.lookup("#width-factor").queryTextInputControl().getText()).isEqualTo("2");
        assertThat(shown(robot.lookup("#layers-table").query())).isFalse();
        assertThat(shown(robot.lookup("#blocks-table").query())).isFalse();
        assertThat(shown(robot.lookup("#stages").query())).isTrue();
        // docs/spec.md: 11 weight layers, 302,768 weights
        assertThat(app.designViewModel().layerSummary()).hasSize(11);
        assertThat(robot.lookup("#summary").queryAs(Label.class).getText()).contains("302,768 weights");
        // widening the network is seen by the engine's summary
        robot.interact(() -> app.designViewModel().text(DesignViewModel.F_WIDTH_FACTOR).set("1"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> app.designViewModel().layerSummary().size() == 10);
        assertThat(app.designViewModel().spec().architecture().widthFactor()).isEqualTo(1);
    }
}
