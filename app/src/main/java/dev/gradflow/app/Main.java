package dev.gradflow.app;

import dev.gradflow.charts.cli.GradflowMain;
import javafx.application.Application;

/**
 * Entry point of {@code ./gradflow}: with no arguments it opens the workbench, with arguments it runs the
 * command-line interface ({@code gradflow train ...}, {@code gradflow plot ...}). It does not extend
 * {@link Application}, so the workbench starts from a plain classpath without the JavaFX module path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(GradflowMain.commandLine().execute(args));
        }
        Diagnostics.mark("main()");
        Application.launch(WorkbenchApp.class, args);
    }
}
