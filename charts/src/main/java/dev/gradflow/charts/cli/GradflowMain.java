package dev.gradflow.charts.cli;

import dev.gradflow.model.cli.GradflowCli;
import picocli.CommandLine;

/** The CLI with the figure commands added: {@code gradflow plot ...} and {@code gradflow study figure ...} plus everything {@link GradflowCli} offers. */
public final class GradflowMain {
    private GradflowMain() {
    }

    public static CommandLine commandLine() {
        CommandLine cl = GradflowCli.commandLine();
        cl.addSubcommand("plot", new PlotCommand());
        cl.getSubcommands().get("study").addSubcommand("figure", new StudyFigureCommand());
        GradflowCli.configure(cl);
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            if (ex instanceof PlotCommand.PlotException) {
                c.getErr().println("error: " + ex.getMessage());
                c.getErr().flush();
                return GradflowCli.USER_ERROR;
            }
            return GradflowCli.report(ex, c.getErr());
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
