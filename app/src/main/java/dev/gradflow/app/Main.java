package dev.gradflow.app;

import dev.gradflow.charts.cli.GradflowMain;
import javafx.application.Application;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of {@code ./gradflow} and of the installed {@code gradflow} command: with no arguments it opens the
 * workbench, with arguments it runs the command-line interface ({@code gradflow train ...}, {@code gradflow plot ...}).
 * It does not extend {@link Application}, so the workbench starts from a plain classpath.
 * <p>
 * DL4J's native code uses OpenMP, whose idle workers spin by default and then compete with OpenBLAS's threads:
 * on small machines training gets 2-5x slower. libgomp reads {@code OMP_WAIT_POLICY} only from the environment when
 * it loads, so if it is not set, this starts the same command once more with {@code OMP_WAIT_POLICY=PASSIVE}
 * (installed launchers cannot set environment variables). {@code -Dgradflow.relaunch=false} turns that off.
 */
public final class Main {
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv(WAIT_POLICY) == null && !"false".equals(System.getProperty("gradflow.relaunch"))) {
            Optional<List<String>> self = currentCommand(args);
            if (self.isPresent()) {
                ProcessBuilder pb = new ProcessBuilder(self.get()).inheritIO();
                pb.environment().put(WAIT_POLICY, "PASSIVE");
                // A jpackage launcher marks its own re-execution with this variable; a child that inherits it
                // would act as a plain `java` launcher.
                pb.environment().remove("_JPACKAGE_LAUNCHER");
                Process child = pb.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    // Ctrl-C reaches the child too (same process group); give it time to store its run.
                    try {
                        child.waitFor();
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }));
                System.exit(child.waitFor());
            }
        }
        String fx = javafxVersion();
        if (fx != null) System.setProperty("javafx.version", fx);
        if (args.length > 0) {
            System.exit(GradflowMain.commandLine().execute(args));
        }
        Diagnostics.mark("main()");
        Startup.begin();
        Application.launch(WorkbenchApp.class, args);
    }

    /**
     * A command that starts this program again with the same arguments: the installed launcher
     * ({@code jpackage.app-path}, set by jpackage launchers), or this JVM's command line when the OS tells it and it
     * visibly runs this class.
     */
    static Optional<List<String>> currentCommand(String[] args) {
        String appPath = System.getProperty("jpackage.app-path");
        if (appPath != null) {
            List<String> cmd = new ArrayList<>();
            cmd.add(appPath);
            cmd.addAll(List.of(args));
            return Optional.of(cmd);
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        if (command.isEmpty() || arguments.isEmpty() || !List.of(arguments.get()).contains(Main.class.getName())) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(command.get());
        cmd.addAll(List.of(arguments.get()));
        return Optional.of(cmd);
    }

    static String javafxVersion() {
        try {
            return (String) Class.forName("com.sun.javafx.runtime.VersionInfo").getMethod("getRuntimeVersion").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
