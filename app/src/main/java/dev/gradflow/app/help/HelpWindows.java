package dev.gradflow.app.help;

import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;

/** Help > Measures and Help > Shortcuts: small windows built from {@link Measures} and the menu bar's accelerators. */
public final class HelpWindows {
    private HelpWindows() {}

    /** One shortcut: keys and what they do. */
    public record Shortcut(String keys, String action) {}

    /** Mouse gestures of the figure panels (not menu items, so listed here). */
    static final List<Shortcut> GESTURES = List.of(
            new Shortcut("Mouse wheel", "Zoom the step axis around the pointer (Compare, live charts)"),
            new Shortcut("Drag", "Pan the step axis"),
            new Shortcut("Double-click", "Reset the zoom"),
            new Shortcut("Hover", "Exact value under the pointer, in the line below the panels"),
            new Shortcut("Alt + underlined letter", "Focus the labelled field"));

    /** Every menu item with an accelerator ("Menu > Item"), then the mouse gestures. */
    public static List<Shortcut> shortcuts(MenuBar bar) {
        List<Shortcut> out = new ArrayList<>();
        for (Menu m : bar.getMenus()) collect(m.getText(), m.getItems(), out);
        out.addAll(GESTURES);
        return out;
    }

    private static void collect(String path, List<MenuItem> items, List<Shortcut> out) {
        for (MenuItem i : items) {
            if (i instanceof Menu sub) collect(path + " > " + sub.getText(), sub.getItems(), out);
            else if (i.getAccelerator() != null) out.add(new Shortcut(i.getAccelerator().getDisplayText(), path + " > " + i.getText()));
        }
    }

    public static Node shortcutsView(List<Shortcut> shortcuts) {
        TableView<Shortcut> t = new TableView<>();
        t.setId("shortcuts-table");
        TableColumn<Shortcut, String> keys = new TableColumn<>("Keys");
        keys.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().keys()));
        keys.setPrefWidth(190);
        TableColumn<Shortcut, String> action = new TableColumn<>("Action");
        action.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().action()));
        action.setPrefWidth(470);
        t.getColumns().setAll(List.of(keys, action));
        t.getItems().setAll(shortcuts);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    public static Node measuresView() {
        VBox box = new VBox(10);
        box.setId("measures-help");
        box.getStyleClass().add("help-measures");
        box.setPadding(new Insets(14));
        Label intro = new Label(Measures.INTRO);
        intro.setWrapText(true);
        box.getChildren().addAll(intro, maskDiagram());
        for (Measures.Entry e : Measures.all()) {
            Label name = new Label(e.name());
            name.getStyleClass().add("section-title");
            Label formula = new Label(e.formula());
            formula.getStyleClass().add("formula");
            Label ids = new Label("stored as " + e.ids());
            ids.getStyleClass().add("hint");
            Label words = new Label(e.words());
            words.setWrapText(true);
            box.getChildren().add(new VBox(2, name, formula, words, ids));
        }
        Label more = new Label("Definitions and the conventions behind them: docs/metrics.md and docs/science.md.");
        more.getStyleClass().add("hint");
        box.getChildren().add(more);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /**
     * What a mask does to the gradient: a 4x5 gradient g (shade = size), the mask M (dark = active), and g ⊙ M
     * where the pruned positions are zero (empty cells).
     */
    static Node maskDiagram() {
        double[][] g = {{0.9, 0.2, 0.6, 0.4, 0.8}, {0.3, 0.7, 0.1, 0.9, 0.5}, {0.6, 0.4, 0.8, 0.2, 0.3}, {0.1, 0.9, 0.5, 0.7, 0.6}};
        int[][] m = {{1, 0, 0, 1, 0}, {0, 1, 0, 0, 1}, {1, 0, 0, 0, 0}, {0, 0, 1, 1, 0}};
        HBox row = new HBox(14, grid("g", g, null), new Label("⊙"), mask(m), new Label("="), grid("g ⊙ M", g, m));
        row.setId("mask-diagram");
        row.getStyleClass().add("mask-diagram");
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Node grid(String title, double[][] v, int[][] mask) {
        GridPane p = new GridPane();
        p.setHgap(2);
        p.setVgap(2);
        for (int r = 0; r < v.length; r++) {
            for (int c = 0; c < v[r].length; c++) {
                Rectangle cell = new Rectangle(16, 16);
                boolean kept = mask == null || mask[r][c] == 1;
                cell.getStyleClass().addAll("diagram-cell", kept ? "grad-" + Math.min(4, (int) (v[r][c] * 5)) : "pruned");
                p.add(cell, c, r);
            }
        }
        return new VBox(4, new Label(title), p);
    }

    private static Node mask(int[][] m) {
        GridPane p = new GridPane();
        p.setHgap(2);
        p.setVgap(2);
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[r].length; c++) {
                Rectangle cell = new Rectangle(16, 16);
                cell.getStyleClass().addAll("diagram-cell", m[r][c] == 1 ? "mask-on" : "mask-off");
                p.add(cell, c, r);
            }
        }
        return new VBox(4, new Label("M (dark = active)"), p);
    }

    /** Opens a help window owned by {@code owner} with the workbench's stylesheets (light theme). */
    public static Stage show(Window owner, String title, Node content, List<String> stylesheets, boolean presentation) {
        return show(owner, title, content, stylesheets, presentation, false);
    }

    /** Opens a help window owned by {@code owner} with the workbench's stylesheets, in its mode and theme. */
    public static Stage show(Window owner, String title, Node content, List<String> stylesheets, boolean presentation,
                             boolean dark) {
        Stage s = new Stage();
        if (owner != null) s.initOwner(owner);
        s.setTitle(title);
        VBox root = new VBox(content);
        root.getStyleClass().addAll("workbench", "help-window");
        if (presentation) root.getStyleClass().add("presentation");
        if (dark) root.getStyleClass().add("dark");
        VBox.setVgrow(content instanceof Region r ? r : new Region(), Priority.ALWAYS);
        Scene scene = new Scene(root, 720, 560);
        scene.getStylesheets().setAll(stylesheets);
        s.setScene(scene);
        s.show();
        return s;
    }
}
