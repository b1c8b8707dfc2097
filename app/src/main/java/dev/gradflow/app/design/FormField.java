package dev.gradflow.app.design;

import dev.gradflow.model.spec.ExperimentSpec;

import java.util.List;
import java.util.function.Function;

/**
 * One numeric text field of the design form, described once: its key (problems attach to it), label, control id,
 * the spec JSON paths whose problems it can fix, how its text is parsed, a tooltip, and how its value is read from a
 * spec (what the form shows after loading one, and the fallback while the typed text is not a number).
 * {@link DesignFields} lists them all; the view model keeps one text property per field and the view builds one row.
 */
public record FormField(String key, String label, String id, List<String> paths, Kind kind, String tooltip,
                        Function<ExperimentSpec, Number> read) {

    public enum Kind {
        INT("a whole number"), LONG("a whole number"), DOUBLE("a number such as 0.001");
        final String expected;
        Kind(String expected) { this.expected = expected; }
    }

    /** The field's value, or null when {@code text} is not a number of the field's kind. */
    public Number parse(String text) {
        try {
            String t = text == null ? "" : text.trim();
            return switch (kind) {
                case INT -> Integer.valueOf(t);
                case LONG -> Long.valueOf(t);
                case DOUBLE -> Double.valueOf(t);
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The problem line for unparsable {@code text}: {@code learning rate: 'fast' is not a number such as 0.001}. */
    public String problem(String text) {
        return messageLabel() + ": '" + (text == null ? "" : text) + "' is not " + kind.expected;
    }

    /** The label as it starts a problem line: lower case unless it begins with an acronym (L2, RMSProp). */
    public String messageLabel() {
        if (label.length() > 1 && Character.isUpperCase(label.charAt(1))) return label;
        return Character.toLowerCase(label.charAt(0)) + label.substring(1);
    }

    /** The text the form shows for {@code value}: integers without a decimal point, doubles without ".0". */
    public static String format(Number value) {
        if (value == null) return "";
        if (value instanceof Double d) {
            String s = Double.toString(d);
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
        return value.toString();
    }

    /** Whether a problem at spec path {@code path} belongs to this field; the length of the match, or -1. */
    int match(String path) {
        int best = -1;
        for (String p : paths) {
            if (path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "[")) best = Math.max(best, p.length());
        }
        return best;
    }
}
