package dev.gradflow.app.runs;

import dev.gradflow.model.store.RunAnnotation;
import dev.gradflow.model.store.RunSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs table's filter: whitespace-separated terms, all of which must hold. A term is either a comparison
 * {@code field op value} (op one of {@code < <= > >= = != ~}, spaces around op allowed: {@code density < 0.2},
 * {@code optimizer = adam}, {@code acc>=0.8}, {@code note ~ lr}) on a run field, or free text found in the run's name,
 * status, dataset, optimizer, activation, tags, note or its numbers as the table shows them ({@code 0.1} finds
 * density 0.1). A value or a free-text term with spaces is written in double quotes ({@code note ~ "lr sweep"}).
 * Numeric fields compare as numbers; text fields compare case-insensitively ({@code <}, {@code >} alphabetically);
 * {@code ~} means "contains" (case-insensitive, numbers as the table prints them). {@code tag} (or {@code tags}) is the
 * run's list of tags: {@code tag = paper} holds when one of its tags is exactly {@code paper}, {@code tag != paper}
 * when none is, {@code tag ~ pap} when one contains {@code pap}. A run without a value (no test accuracy yet) fails
 * every comparison on that field.
 */
public final class RunFilter {
    private RunFilter() {}

    private static final Map<String, Function<RunSummary, Object>> FIELDS = Map.ofEntries(
            Map.entry("id", r -> r.id()), Map.entry("name", RunSummary::name), Map.entry("status", r -> r.status().dbName()),
            Map.entry("dataset", RunSummary::dataset), Map.entry("optimizer", RunSummary::optimizer),
            Map.entry("activation", RunSummary::activation), Map.entry("density", r -> r.density()),
            Map.entry("seed", r -> r.seed()), Map.entry("steps", r -> r.steps()),
            Map.entry("accuracy", RunSummary::finalTestAccuracy), Map.entry("acc", RunSummary::finalTestAccuracy),
            Map.entry("loss", RunSummary::finalTestLoss), Map.entry("egf2", RunSummary::meanEgf2),
            Map.entry("egf", RunSummary::meanEgf2));

    /** Fields read from the run's annotation ({@link RunAnnotation}): its tag list and its note. */
    private static final List<String> ANNOTATION_FIELDS = List.of("note", "tag", "tags");

    /** The field names a comparison accepts. */
    public static List<String> fields() {
        List<String> all = new ArrayList<>(FIELDS.keySet());
        all.addAll(ANNOTATION_FIELDS);
        return all.stream().sorted().toList();
    }

    private static final Pattern COMPARISON =
            Pattern.compile("([a-z0-9_.\\[\\]]+)\\s*(<=|>=|!=|<|>|=|~)\\s*(\"[^\"]*\"|[^\\s\"]+)");
    private static final Pattern FREE_TERM = Pattern.compile("\"([^\"]*)\"?|([^\\s\"]+)");

    /** Whether {@code r} passes {@code query}. */
    public static boolean matches(RunSummary r, String query) { return matches(r, query, path -> null); }

    /** Whether {@code r} passes {@code query}, with the run's tags decoded from its tags column and no note. */
    public static boolean matches(RunSummary r, String query, Function<String, Object> spec) {
        return matches(r, query, spec, null);
    }

    /**
     * Whether {@code r} passes {@code query}, where a comparison may also name a spec field by its JSON path
     * ({@code optimizer.type = adam}, {@code training.epochs >= 5}, case-insensitive): {@code spec} gives the run's value
     * of a path (null when the run has none or the path is unknown). Table fields win over spec paths of the same name.
     * {@code annotation} is the run's tags and note from the store ({@link dev.gradflow.model.store.RunStore#annotation});
     * when null, the tags are decoded from the run's tags column and the note is empty.
     */
    public static boolean matches(RunSummary r, String query, Function<String, Object> spec, RunAnnotation annotation) {
        if (query == null || query.isBlank()) return true;
        List<String> tags = annotation != null ? annotation.tags() : RunAnnotation.decode(r.tags());
        String note = annotation != null ? annotation.note() : "";
        String rest = query.toLowerCase(Locale.ROOT).trim();
        Matcher m = COMPARISON.matcher(rest);
        StringBuilder remaining = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String field = m.group(1);
            String op = m.group(2);
            String want = unquote(m.group(3));
            boolean holds;
            if (field.equals("tag") || field.equals("tags")) holds = compareList(tags, op, want);
            else if (field.equals("note")) holds = compare(note, op, want);
            else if (FIELDS.containsKey(field)) holds = compare(FIELDS.get(field).apply(r), op, want);
            else if (field.contains(".") || field.contains("[")) holds = compare(spec.apply(field), op, want);
            else continue;
            remaining.append(rest, last, m.start()).append(' ');
            last = m.end();
            if (!holds) return false;
        }
        remaining.append(rest.substring(last));
        List<String> free = new ArrayList<>();
        Matcher t = FREE_TERM.matcher(remaining);
        while (t.find()) {
            String term = t.group(1) != null ? t.group(1) : t.group(2);
            if (!term.isBlank()) free.add(term);
        }
        if (free.isEmpty()) return true;
        String hay = haystack(r, tags, note);
        for (String term : free) if (!hay.contains(term)) return false;
        return true;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** {@code !=}: no tag equals the value; any other op: some tag satisfies it. */
    private static boolean compareList(List<String> tags, String op, String want) {
        if (op.equals("!=")) return tags.stream().noneMatch(tag -> compare(tag, "=", want));
        return tags.stream().anyMatch(tag -> compare(tag, op, want));
    }

    static String haystack(RunSummary r) { return haystack(r, RunAnnotation.decode(r.tags()), ""); }

    static String haystack(RunSummary r, List<String> tags, String note) {
        List<String> parts = new ArrayList<>(List.of(String.valueOf(r.id()), "#" + r.id(), r.name(), r.status().dbName(),
                r.dataset(), r.optimizer(), r.activation(), String.join(", ", tags), note, plain(r.density()),
                String.format(Locale.ROOT, "%.3f", r.density()), String.valueOf(r.seed()), String.valueOf(r.steps())));
        if (r.finalTestAccuracy() != null) parts.add(String.format(Locale.ROOT, "%.4f", r.finalTestAccuracy()));
        if (r.meanEgf2() != null) parts.add(String.format(Locale.ROOT, "%.4g", r.meanEgf2()));
        return String.join(" ", parts).toLowerCase(Locale.ROOT);
    }

    private static String plain(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static boolean compare(Object value, String op, String want) {
        if (value == null) return false;
        if (op.equals("~")) {
            String text = value instanceof Double d ? plain(d) : value.toString();
            return text.toLowerCase(Locale.ROOT).contains(want);
        }
        int c;
        if (value instanceof Number n) {
            double w;
            try {
                w = Double.parseDouble(want);
            } catch (NumberFormatException e) {
                return false;
            }
            c = Double.compare(n.doubleValue(), w);
            if (op.equals("=") || op.equals("!=")) c = Math.abs(n.doubleValue() - w) <= 1e-9 * Math.max(1, Math.abs(w)) ? 0 : c;
        } else {
            c = value.toString().toLowerCase(Locale.ROOT).compareTo(want);
        }
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "=" -> c == 0;
            case "!=" -> c != 0;
            default -> false;
        };
    }
}
