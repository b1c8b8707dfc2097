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

    public String message() {
        if ("".equals(value)) return path + ": " + expected;
        if (value == null) return path + ": missing; expected " + expected;
        if (expected.startsWith("unknown field")) return path + ": " + expected;
        return path + ": " + value + " is not allowed; expected " + expected;
    }

    @Override
    public String toString() {
        return message();
    }
}
