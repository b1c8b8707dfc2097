package dev.gradflow.model.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in this JVM with System.out and System.err captured: exit code, stdout, stderr. */
record CliRun(int code, String out, String err) {
    static synchronized CliRun of(String... args) {
        return of(() -> GradflowCli.execute(args));
    }

    static synchronized CliRun of(java.util.function.IntSupplier cli) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = cli.getAsInt();
            o.flush();
            e.flush();
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** No Java stack trace or exception class name leaked to the user. */
    boolean clean() {
        String all = out + err;
        return !all.matches("(?s).*\\n\\s+at [\\w.$]+\\(.*") && !all.contains("Exception") && !all.contains("java.lang.");
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
