package dev.gradflow.model.spec;

/**
 * One thing wrong with a spec: where (a JSON path such as {@code architecture.layers[2].width}), the value given
 * (as written in JSON, or {@code null} when the field is missing) and what is allowed.
 */
public record Problem(String path, String value, String expected) {
    public String message() {
        if (value == null) return path + ": missing; expected " + expected;
        if (expected.startsWith("unknown field")) return path + ": " + expected;
        return path + ": " + value + " is not allowed; expected " + expected;
    }

    @Override
    public String toString() {
        return message();
    }
}
