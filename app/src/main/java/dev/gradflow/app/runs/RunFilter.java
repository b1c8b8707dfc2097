package dev.gradflow.app.runs;

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
 * {@code field op value} (op one of {@code < <= > >= = !=}, spaces around op allowed: {@code density < 0.2},
 * {@code optimizer = adam}, {@code acc>=0.8}) on a run field, or free text found in the run's name, status,
 * dataset, optimizer, activation, tags or its numbers as the table shows them ({@code 0.1} finds density 0.1).
 * Numeric fields compare as numbers; text fields compare case-insensitively ({@code <}, {@code >} alphabetically).
 * A run without a value (no test accuracy yet) fails every comparison on that field.
 */
public final class RunFilter {
    private RunFilter() {}

    private static final Map<String, Function<RunSummary, Object>> FIELDS = Map.ofEntries(
            Map.entry("id", r -> r.id()), Map.entry("name", RunSummary::name), Map.entry("status", r -> r.status().dbName()),
            Map.entry("dataset", RunSummary::dataset), Map.entry("optimizer", RunSummary::optimizer),
            Map.entry("activation", RunSummary::activation), Map.entry("density", r -> r.density()),
            Map.entry("seed", r -> r.seed()), Map.entry("steps", r -> r.steps()), Map.entry("tags", RunSummary::tags),
            Map.entry("accuracy", RunSummary::finalTestAccuracy), Map.entry("acc", RunSummary::finalTestAccuracy),
            Map.entry("loss", RunSummary::finalTestLoss), Map.entry("egf2", RunSummary::meanEgf2),
            Map.entry("egf", RunSummary::meanEgf2));

    /** The field names a comparison accepts. */
    public static List<String> fields() { return FIELDS.keySet().stream().sorted().toList(); }

    private static final Pattern COMPARISON = Pattern.compile("([a-z0-9_.\\[\\]]+)\\s*(<=|>=|!=|<|>|=)\\s*(\\S+)");

    /** Whether {@code r} passes {@code query}. */
    public static boolean matches(RunSummary r, String query) { return matches(r, query, path -> null); }

    /**
     * Whether {@code r} passes {@code query}, where a comparison may also name a spec field by its JSON path
     * ({@code optimizer.type = adam}, {@code training.epochs >= 5}, case-insensitive): {@code spec} gives the run's value
     * of a path (null when the run has none or the path is unknown). Table fields win over spec paths of the same name.
     */
    public static boolean matches(RunSummary r, String query, Function<String, Object> spec) {
        if (query == null || query.isBlank()) return true;
        List<String> free = new ArrayList<>();
        String rest = query.toLowerCase(Locale.ROOT).trim();
        Matcher m = COMPARISON.matcher(rest);
        StringBuilder remaining = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String field = m.group(1);
            Object value;
            if (FIELDS.containsKey(field)) value = FIELDS.get(field).apply(r);
            else if (field.contains(".") || field.contains("[")) value = spec.apply(field);
            else continue;
            remaining.append(rest, last, m.start()).append(' ');
            last = m.end();
            if (!compare(value, m.group(2), m.group(3))) return false;
        }
        remaining.append(rest.substring(last));
        for (String t : remaining.toString().trim().split("\\s+")) if (!t.isEmpty()) free.add(t);
        if (free.isEmpty()) return true;
        String hay = haystack(r);
        for (String t : free) if (!hay.contains(t)) return false;
        return true;
    }

    static String haystack(RunSummary r) {
        List<String> parts = new ArrayList<>(List.of(String.valueOf(r.id()), "#" + r.id(), r.name(), r.status().dbName(),
                r.dataset(), r.optimizer(), r.activation(), r.tags() == null ? "" : r.tags(), plain(r.density()),
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
