package dev.gradflow.model.cli;

import dev.gradflow.model.data.DataException;
import dev.gradflow.model.run.Versions;
import dev.gradflow.model.spec.SpecException;
import dev.gradflow.model.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.study.StudyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

/**
 * {@code gradflow <command>}: the command-line interface. Every failure a user can cause or meet is one line on
 * standard error starting with {@code error:}, never a stack trace, and a documented exit status (README, "Exit
 * status"): 0 done; 1 a run failed or diverged; 2 a user mistake (bad spec, option, run name, not a store);
 * 3 a conflict (merge); 4 the environment refused (a file or folder missing, unreadable or unwritable, read-only,
 * disk full); 70 an internal error (a bug: the stack trace is printed only with GRADFLOW_DEBUG=1); 130 cancelled.
 * Nothing already stored is lost.
 */
@Command(name = "gradflow", mixinStandardHelpOptions = true, versionProvider = GradflowCli.VersionProvider.class,
        description = "GradFlow Workbench: train sparse networks on DL4J and study their gradient flow.",
        subcommands = {TrainCommand.class, RunsCommand.class, ShowCommand.class, ExportCommand.class, SweepCommand.class, ScsdcCommand.class, MergeCommand.class, StudyCommand.class,
                ValidateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:a run failed or diverged (train, sweep, scsdc)", "2:user mistake: bad spec, option, run or store",
                "3:conflict: merge found runs that disagree", "4:environment: a file or folder cannot be read or written",
                "70:internal error (set GRADFLOW_DEBUG=1 for the stack trace)", "130:cancelled (Ctrl-C)"})
public final class GradflowCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int USER_ERROR = 2;
    public static final int CONFLICT = 3;
    public static final int ENVIRONMENT_ERROR = 4;
    public static final int INTERNAL_ERROR = 70;
    public static final int CANCELLED = 130;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (for tests and for launchers that embed it). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return configure(new CommandLine(new GradflowCli()));
    }

    /**
     * Sets the error handlers on {@code cl} and every subcommand it has now (call again after adding subcommands):
     * failures of a command are reported by {@link #report}, and a bad option or argument is one line naming the
     * command's --help (exit status 2), not the whole usage text.
     */
    public static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr()));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            String message = Messages.shorten(String.valueOf(ex.getMessage()), 400);
            err.println("error: " + message + " (see `" + c.getCommandSpec().qualifiedName() + " --help`)");
            err.flush();
            return USER_ERROR;
        });
        return cl;
    }

    /**
     * The one-line report of a command's failure and its exit status: user mistakes 2, environment 4, anything else
     * is a bug (70; stack trace only with GRADFLOW_DEBUG=1). Also used by commands added elsewhere (plot).
     */
    public static int report(Throwable ex, PrintWriter err) {
        int code;
        String message;
        if (ex instanceof SpecException || ex instanceof DataException || ex instanceof UserException
                || ex instanceof StudyException) {
            code = USER_ERROR;
            message = ex.getMessage();
        } else if (ex instanceof StoreException s) {
            code = s.environment() ? ENVIRONMENT_ERROR : USER_ERROR;
            message = s.getMessage();
        } else if (ex instanceof EnvironmentException) {
            code = ENVIRONMENT_ERROR;
            message = ex.getMessage();
        } else if (ex instanceof IOException io) {
            code = ENVIRONMENT_ERROR;
            message = ioMessage(io);
        } else if (ex instanceof UncheckedIOException io) {
            code = ENVIRONMENT_ERROR;
            message = ioMessage(io.getCause());
        } else if (ex instanceof OutOfMemoryError) {
            code = ENVIRONMENT_ERROR;
            message = "out of memory; give Java more (GRADFLOW_JAVA_OPTS=-Xmx16g) or use a smaller network or batch";
        } else {
            code = INTERNAL_ERROR;
            message = "internal error (" + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": "
                    + Messages.shorten(ex.getMessage(), 300)) + "); please report it, with the "
                    + "stack trace printed when GRADFLOW_DEBUG=1 is set";
            if (System.getenv("GRADFLOW_DEBUG") != null) ex.printStackTrace(err);
        }
        err.println("error: " + message);
        err.flush();
        return code;
    }

    private static String ioMessage(IOException e) {
        String file = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
        return Messages.shorten(file, 200) + EnvironmentException.reason(e);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"GradFlow Workbench " + Versions.app(), "DL4J " + Versions.dl4j(),
                    "Java " + Versions.java(), "JavaFX " + System.getProperty("javafx.version", "(not on the class path)")};
        }
    }
}
