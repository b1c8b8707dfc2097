package dev.gradflow.model.cli;

import dev.gradflow.model.data.DataException;
import dev.gradflow.model.run.Versions;
import dev.gradflow.model.spec.SpecException;
import dev.gradflow.model.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code gradflow <command>}: the command-line interface. User mistakes (bad spec, missing data, unusable store)
 * print a clear message and exit with status 2; nothing already stored is lost.
 */
@Command(name = "gradflow", mixinStandardHelpOptions = true, versionProvider = GradflowCli.VersionProvider.class,
        description = "GradFlow Workbench: train sparse networks on DL4J and study their gradient flow.",
        subcommands = {TrainCommand.class, RunsCommand.class, ShowCommand.class, ExportCommand.class, SweepCommand.class, ScsdcCommand.class, MergeCommand.class, StudyCommand.class,
                ValidateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class GradflowCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static final int USER_ERROR = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (for tests and for launchers that embed it). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GradflowCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof SpecException || ex instanceof DataException || ex instanceof StoreException
                    || ex instanceof UserException || ex instanceof dev.gradflow.model.study.StudyException) {
                PrintWriter err = commandLine.getErr();
                err.println("error: " + ex.getMessage());
                err.flush();
                return USER_ERROR;
            }
            throw ex;
        });
        return cl;
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
