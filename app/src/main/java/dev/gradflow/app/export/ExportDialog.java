package dev.gradflow.app.export;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;

/** The Export figure dialog: file (type it or Browse), preset, theme. Binds to an {@link ExportViewModel}. */
public final class ExportDialog extends Dialog<ButtonType> {
    public static final ButtonType EXPORT = new ButtonType("Export", ButtonBar.ButtonData.OK_DONE);

    public ExportDialog(ExportViewModel vm, String what, Window owner) {
        initOwner(owner);
        setTitle("Export figure");
        setHeaderText("Export " + what + "\nFormat from the extension: .png, .svg, .pdf or .csv (+ a .provenance.json sidecar)");
        TextField path = new TextField();
        path.setId("export-path");
        path.setPrefColumnCount(34);
        path.textProperty().bindBidirectional(vm.pathProperty());
        Button browse = new Button("_Browse...");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Export figure");
            fc.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("PDF (vector)", "*.pdf"),
                    new FileChooser.ExtensionFilter("SVG (vector)", "*.svg"),
                    new FileChooser.ExtensionFilter("PNG image", "*.png"),
                    new FileChooser.ExtensionFilter("CSV data", "*.csv"));
            String cur = vm.pathProperty().get();
            if (cur != null && !cur.isBlank()) {
                Path p = Path.of(cur).toAbsolutePath();
                if (p.getParent() != null && p.getParent().toFile().isDirectory()) fc.setInitialDirectory(p.getParent().toFile());
                fc.setInitialFileName(p.getFileName().toString());
            }
            File f = fc.showSaveDialog(getDialogPane().getScene().getWindow());
            if (f != null) vm.pathProperty().set(f.getPath());
        });
        ChoiceBox<ExportViewModel.Preset> preset = new ChoiceBox<>();
        preset.setId("export-preset");
        preset.getItems().setAll(ExportViewModel.Preset.values());
        preset.valueProperty().bindBidirectional(vm.presetProperty());
        ChoiceBox<ExportViewModel.ThemeChoice> theme = new ChoiceBox<>();
        theme.setId("export-theme");
        theme.getItems().setAll(ExportViewModel.ThemeChoice.values());
        theme.valueProperty().bindBidirectional(vm.themeProperty());
        Label problem = new Label();
        problem.getStyleClass().add("problem-text");
        problem.textProperty().bind(vm.problemProperty());

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        HBox file = new HBox(6, path, browse);
        HBox.setHgrow(path, Priority.ALWAYS);
        g.addRow(0, label("_File", path), file);
        g.addRow(1, label("_Preset", preset), preset);
        g.addRow(2, label("_Theme", theme), theme);
        g.add(problem, 1, 3);
        getDialogPane().setContent(g);
        getDialogPane().getButtonTypes().setAll(EXPORT, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(EXPORT);
        ok.setId("export-ok");
        ok.disableProperty().bind(vm.problemProperty().isNotEmpty());
        setOnShown(e -> path.requestFocus());
    }

    private static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }
}
