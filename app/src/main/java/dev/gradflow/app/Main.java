package dev.gradflow.app;

import javafx.application.Application;

/**
 * Launcher that does not extend {@link Application}, so the workbench starts from a plain classpath
 * ({@code java -cp ... dev.gradflow.app.Main}) without the JavaFX module path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Application.launch(WorkbenchApp.class, args);
    }
}
