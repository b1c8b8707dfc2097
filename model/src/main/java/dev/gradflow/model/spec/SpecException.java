package dev.gradflow.model.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec was rejected; {@link #problems()} lists every problem found, each with its JSON path. */
public class SpecException extends RuntimeException {
    private final String source;
    private final List<Problem> problems;

    public SpecException(String source, List<Problem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() { return source; }

    public List<Problem> problems() { return problems; }

    private static String format(String source, List<Problem> problems) {
        String head = problems.size() == 1 ? "1 problem in " + source + ":" : problems.size() + " problems in " + source + ":";
        return head + problems.stream().map(p -> "\n  - " + p.message()).collect(Collectors.joining());
    }
}
