package dev.gradflow.model.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text for messages shown to users: values shortened (a 10 MB name must not give a 10 MB error), control characters
 * and terminal escapes shown escaped, and JSON syntax errors said in the workbench's words instead of the parser's.
 */
public final class Messages {
    /** Longest value quoted in a message, in characters. */
    public static final int MAX_VALUE = 60;

    private Messages() {
    }

    /**
     * {@code s} with control characters (newlines, ESC of ANSI sequences, NUL, DEL, C1 controls, line/paragraph
     * separators) written as Java escapes ({@code \n}, {@code \u001B}), so a value can never rewrite a terminal line.
     */
    public static String printable(String s) {
        if (s == null) return null;
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = escape(c);
            if (esc != null && b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            if (b != null) b.append(esc != null ? esc : String.valueOf(c));
        }
        return b == null ? s : b.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case 0: return "\\0";
            default:
        }
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029 || c == 0xFEFF
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
            return String.format("\\u%04X", (int) c);
        }
        return null;
    }

    /** {@link #printable} and at most {@code max} characters: longer text keeps its start and says how long it was. */
    public static String shorten(String s, int max) {
        if (s == null) return null;
        String p = printable(s);
        if (p.length() <= max) return p;
        int keep = Math.max(8, max - 30);
        return p.substring(0, keep) + "... (" + s.length() + " characters)";
    }

    private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'");
    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.*?)' \\(code (\\d+)\\)\\)");
    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '(.*?)'");
    private static final Pattern CTRL = Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*?)'");
    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

    /** A JSON syntax error as one line: what is wrong, where (line, column) and, when clear, what was expected. */
    public static String jsonSyntax(JsonProcessingException e) {
        var loc = e.getLocation();
        String at = loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher x;
        if (e instanceof StreamConstraintsException || m.contains("exceeds the maximum allowed")) {
            x = LENGTH.matcher(m);
            String n = x.find() ? x.group(1) : "?", max = x.find(0) ? x.group(2) : "?";
            if (m.contains("nesting depth")) {
                return "nested more than " + SpecIO.MAX_NESTING + " levels deep" + at + "; a spec nests at most 4 levels";
            }
            if (m.contains("Name length")) return "a field name of " + n + " characters" + at + "; spec field names are short words";
            if (m.contains("Number value length")) return "a number written with " + n + " digits" + at + " (at most " + max + ")";
            if (m.contains("String value length")) return "a text value of " + n + " characters" + at + " (at most " + max + ")";
            return "the document is too large to be a spec" + at;
        }
        String bad = "not valid JSON" + at + ": ";
        if ((x = NON_STANDARD.matcher(m)).find()) {
            return bad + shorten(x.group(1), 20) + " is not a number JSON allows; write a finite number such as 0.001";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return bad + "the document ends too early" + " (a closing } or ] or \" is missing)";
        }
        if ((x = CTRL.matcher(m)).find()) {
            return bad + "an unescaped control character (code " + x.group(1) + ") inside a text value"
                    + "; write line breaks as \\n";
        }
        if ((x = DUPLICATE.matcher(m)).find()) {
            return bad + "field \"" + shorten(x.group(1), MAX_VALUE) + "\" is given twice" + "; give each field once";
        }
        if ((x = UNRECOGNIZED.matcher(m)).find()) {
            return bad + "unrecognized word '" + shorten(x.group(1), 30) + "'"
                    + "; expected a value: a \"string\", a number, true, false, null, [...] or {...}";
        }
        if ((x = UNEXPECTED_CHAR.matcher(m)).find()) {
            int code = Integer.parseInt(x.group(2));
            String ch = code < 0x20 || code == 0x7F ? String.format("\\u%04X", code) : shorten(x.group(1), 4);
            String expected = m.contains("double-quote to start field name") ? "a field name in double quotes"
                    : m.contains("separate Object entries") ? "a comma between fields or a closing }"
                    : m.contains("separate Array entries") ? "a comma between elements or a closing ]"
                    : m.contains("colon to separate field name") ? "a colon after the field name"
                    : m.contains("expected a valid value") ? "a value: a \"string\", a number, true, false, null, [...] or {...}"
                    : "valid JSON";
            return bad + "unexpected character '" + ch + "'" + "; expected " + expected;
        }
        String first = m.split("\n", 2)[0].replaceAll("`[^`]*`", "").replaceAll("\\s*\\(.*?\\)\\s*", " ").strip();
        return "not valid JSON" + at + (first.isEmpty() ? "" : ": " + shorten(first, 120));
    }
}
