package dev.gradflow.app;

import dev.gradflow.app.WorkbenchApp.Page;
import dev.gradflow.app.compare.CompareViewModel;
import dev.gradflow.app.design.DesignViewModel;
import dev.gradflow.app.design.Presets;
import dev.gradflow.app.runs.RunJob;
import dev.gradflow.app.runs.TrainingQueue;
import dev.gradflow.app.teach.Lessons;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;

/**
 * The workbench's menu bar: File, Presets, Run, Compare, View, Help, with their accelerators (Help > Shortcuts lists
 * them from here). Window-level actions (dialogs, switching pages) are the app's; the others call view models.
 */
final class WorkbenchMenus {
    private final WorkbenchApp app;
    private final DesignViewModel design;
    private final TrainingQueue queue;
    private final CompareViewModel compare;
    private final CheckMenuItem presentation = new CheckMenuItem("Presentation mode");
    private final CheckMenuItem diagnostics = new CheckMenuItem("Diagnostics (FX stalls while training)");
    private final CheckMenuItem dark = new CheckMenuItem("Dark theme");
    private final MenuBar bar;

    WorkbenchMenus(WorkbenchApp app, DesignViewModel design, TrainingQueue queue, CompareViewModel compare) {
        this.app = app;
        this.design = design;
        this.queue = queue;
        this.compare = compare;
        presentation.setAccelerator(KeyCombination.keyCombination("F5"));
        diagnostics.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+D"));
        dark.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+L"));
        dark.setId("menu-dark");
        bar = new MenuBar(file(), presets(), run(), compare(), view(), teach(), help());
        bar.setId("menu-bar");
    }

    MenuBar bar() { return bar; }

    /** View > Presentation mode (F5). */
    CheckMenuItem presentation() { return presentation; }

    /** View > Dark theme (Ctrl+Shift+L). */
    CheckMenuItem dark() { return dark; }

    /** View > Diagnostics (Ctrl+Shift+D). */
    CheckMenuItem diagnostics() { return diagnostics; }

    private Menu file() {
        MenuItem newSpec = item("New spec", "Shortcut+N", () -> {
            design.load(Presets.quickDemo().withName("run"));
            design.fileProperty().set(null);
            app.show(Page.DESIGN);
        });
        return new Menu("File", null, newSpec,
                item("Open spec...", "Shortcut+O", app::openSpec),
                item("Save spec...", "Shortcut+S", app::saveSpec),
                new SeparatorMenuItem(),
                item("Open store...", null, app::chooseStore),
                item("Export figure...", "Shortcut+E", app::exportFigure),
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", app::quit));
    }

    private Menu presets() {
        Menu presets = new Menu("Presets");
        for (Presets.Preset p : Presets.all()) {
            MenuItem mi = new MenuItem(p.title());
            mi.setOnAction(e -> { design.load(p.spec()); app.show(Page.DESIGN); });
            presets.getItems().add(mi);
        }
        return presets;
    }

    private Menu run() {
        MenuItem train = item("Train", "Shortcut+Enter", design::train);
        train.setId("menu-train");
        MenuItem cancel = item("Cancel", "Shortcut+Period", () -> {
            RunJob j = queue.currentProperty().get();
            if (j != null) queue.cancel(j);
        });
        return new Menu("Run", null, train, cancel);
    }

    private Menu compare() {
        MenuItem compareSelected = item("Compare selected runs", "Shortcut+K", app::compareSelected);
        compareSelected.setId("menu-compare");
        MenuItem difference = item("Toggle difference (two runs)", "Shortcut+D", () -> {
            if (compare.isDiffAvailable()) compare.modeProperty().set(compare.modeProperty().get() == CompareViewModel.Mode.DIFFERENCE
                    ? CompareViewModel.Mode.HEATMAPS : CompareViewModel.Mode.DIFFERENCE);
        });
        return new Menu("Compare", null, compareSelected, difference, new SeparatorMenuItem(),
                item("Zoom in", "Shortcut+Equals", () -> compare.zoom(0.5)),
                item("Zoom out", "Shortcut+Minus", () -> compare.zoom(2)),
                item("Pan left", "Shortcut+Shift+Left", () -> compare.pan(-visibleSteps() / 4)),
                item("Pan right", "Shortcut+Shift+Right", () -> compare.pan(visibleSteps() / 4)),
                item("Reset zoom", "Shortcut+0", compare::resetZoom));
    }

    private double visibleSteps() { return compare.rangeHiProperty().get() - compare.rangeLoProperty().get(); }

    private Menu view() {
        return new Menu("View", null,
                item("Design", "Shortcut+1", () -> app.show(Page.DESIGN)),
                item("Runs", "Shortcut+2", () -> app.show(Page.RUNS)),
                item("Compare", "Shortcut+3", () -> app.show(Page.COMPARE)),
                item("Studies", "Shortcut+4", () -> app.show(Page.STUDIES)),
                new SeparatorMenuItem(), presentation, dark, diagnostics);
    }

    /** Teach: lessons that queue a few runs and open their comparison in presentation mode (docs/app.md). */
    private Menu teach() {
        Menu teach = new Menu("Teach");
        teach.setId("menu-teach");
        for (Lessons.Lesson lesson : app.lessons()) {
            MenuItem mi = new MenuItem(lesson.title());
            mi.setOnAction(e -> app.teach(lesson));
            teach.getItems().add(mi);
        }
        return teach;
    }

    private Menu help() {
        MenuItem measures = item("Measures", "F1", app::showMeasures);
        measures.setId("menu-measures");
        MenuItem shortcuts = item("Shortcuts", "Shortcut+Slash", app::showShortcuts);
        shortcuts.setId("menu-shortcuts");
        return new Menu("Help", null, measures, shortcuts, new SeparatorMenuItem(), item("About", null, app::about));
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem mi = new MenuItem(text);
        if (accelerator != null) mi.setAccelerator(KeyCombination.keyCombination(accelerator));
        mi.setOnAction(e -> action.run());
        return mi;
    }
}
