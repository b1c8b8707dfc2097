package dev.gradflow.model.spec;

/**
 * One thing wrong with a spec: where (a JSON path such as {@code architecture.layers[2].width}), the value given
 * (as written in JSON, or {@code null} when the field is missing) and what is allowed.
 */
public record Problem(String path, String value, String expected) {
    /** A problem with the document as a whole (file missing, not JSON): printed as "where: what". */
    public static Problem general(String where, String what) {
        return new Problem(where, "", what);
    }

    /**
     * One line: path, value and expectation, each shortened ({@link Messages#shorten}) with control characters shown
     * escaped, so hostile values (megabytes of text, terminal escapes) never flood or garble the output.
     */
    public String message() {
        String p = Messages.shorten(path, 160);
        String e = Messages.shorten(expected, 400);
        if ("".equals(value)) return p + ": " + e;
        if (value == null) return p + ": missing; expected " + e;
        if (expected.startsWith("unknown field")) return p + ": " + e;
        return p + ": " + Messages.shorten(value, Messages.MAX_VALUE) + " is not allowed; expected " + e;
    }

    @Override
    public String toString() {
        return message();
    }
}
