package dev.gradflow.model.cli;

import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.spec.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz corpus (src/test/resources/fuzz, made by its generate.py): hostile specs and small data files, each with
 * the outcome {@code validate} must give (accepted, or rejected naming a JSON path). All cases run in this one JVM,
 * first through {@link ValidateCommand#check}, then through the {@code validate} command itself in one call.
 */
class FuzzCorpusTest {
    static final Path FUZZ = Path.of("src", "test", "resources", "fuzz");

    record Case(Path file, String outcome, String path) {
    }

    static List<Case> cases() throws Exception {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(FUZZ.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            out.add(new Case(FUZZ.resolve("specs").resolve(f[0]), f[1], f[2]));
        }
        return out;
    }

    /** The JSON path of a problem as the corpus names it: "(file)" for a problem with the file as a whole. */
    private static String pathOf(Problem p, Path file) {
        String where = Messages.shorten(p.path(), 160);
        return where.equals(Messages.shorten(file.toString(), 200)) ? "(file)" : where;
    }

    @Test
    void everyCaseGetsItsExpectedOutcomeInPlainWords() throws Exception {
        List<Case> cases = cases();
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Case c : cases) {
            ValidateCommand.Result r = ValidateCommand.check(c.file());
            String name = c.file().getFileName().toString();
            String outcome = r.ok() ? "accepted" : "rejected";
            String category = name.substring(0, name.indexOf('-') < 0 ? name.length() - 5 : name.indexOf('-'));
            counts.merge(outcome + " " + category, 1, Integer::sum);
            if (!outcome.equals(c.outcome())) {
                wrong.add(name + ": expected " + c.outcome() + " " + c.path() + ", got " + outcome + " " + r.problems());
                continue;
            }
            if (r.ok()) continue;
            List<String> paths = r.problems().stream().map(p -> pathOf(p, c.file())).toList();
            if (paths.stream().noneMatch(p -> p.equals(c.path()) || (c.path().length() >= 130 && p.startsWith(c.path())))) {
                wrong.add(name + ": expected a problem at " + c.path() + ", got " + paths);
            }
            for (Problem p : r.problems()) {
                String m = p.message();
                if (m.length() > 1200 || m.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F)
                        || m.matches("(?s).*(Jackson|JsonReadFeature|StreamReadConstraints|Input length|Exception|`).*")) {
                    wrong.add(name + ": message not in plain words or too long (" + m.length() + " chars): "
                            + Messages.shorten(m, 300));
                }
            }
        }
        System.out.println("fuzz corpus: " + cases.size() + " cases; by outcome and category: " + counts);
        assertThat(wrong).isEmpty();
        assertThat(cases).hasSizeGreaterThan(200);
    }

    @Test
    void theValidateCommandOverTheWholeCorpusPrintsNoStackTrace() throws Exception {
        List<Case> cases = cases();
        String[] args = new String[cases.size() + 1];
        args[0] = "validate";
        for (int i = 0; i < cases.size(); i++) args[i + 1] = cases.get(i).file().toString();
        CliRun r = CliRun.of(args);
        assertThat(r.code()).isEqualTo(GradflowCli.USER_ERROR);
        assertThat(r.clean()).as(Messages.shorten(r.toString(), 2000)).isTrue();
        long accepted = cases.stream().filter(c -> c.outcome().equals("accepted")).count();
        assertThat(r.out().lines().filter(l -> l.startsWith("ok: "))).hasSize((int) accepted);
        assertThat(r.out().lines().filter(l -> l.startsWith("invalid: "))).hasSize(cases.size() - (int) accepted);
        assertThat(r.out()).contains("warning: ").doesNotContain("\u001b", "\u0000");
    }
}
