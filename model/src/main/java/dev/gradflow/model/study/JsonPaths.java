package dev.gradflow.model.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sets a value in a JSON tree by a path such as {@code optimizer.type}, {@code architecture.layers[1].width} or
 * {@code architecture.layers[*].batchNorm} ({@code [*]}: every element of the array). Missing objects on the way
 * are created; missing array elements are an error.
 */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static void set(ObjectNode root, String path, JsonNode value) {
        if (path.isBlank()) throw new StudyException("empty JSON path");
        set(root, path.split("\\."), 0, value, path);
    }

    private static void set(JsonNode node, String[] parts, int i, JsonNode value, String path) {
        if (!(node instanceof ObjectNode obj)) throw new StudyException(path + ": '" + parts[i] + "' is not inside an object");
        String part = parts[i];
        int bracket = part.indexOf('[');
        String field = bracket < 0 ? part : part.substring(0, bracket);
        boolean last = i == parts.length - 1;
        if (bracket < 0) {
            if (last) {
                obj.set(field, value.deepCopy());
                return;
            }
            JsonNode child = obj.get(field);
            if (child == null || child.isNull()) child = obj.putObject(field);
            set(child, parts, i + 1, value, path);
            return;
        }
        if (!part.endsWith("]")) throw new StudyException(path + ": bad index in '" + part + "'");
        String index = part.substring(bracket + 1, part.length() - 1);
        JsonNode child = obj.get(field);
        if (!(child instanceof ArrayNode array)) throw new StudyException(path + ": '" + field + "' is not an array in the base spec");
        if (index.equals("*")) {
            for (int k = 0; k < array.size(); k++) apply(array, k, parts, i, last, value, path);
        } else {
            int k;
            try {
                k = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                throw new StudyException(path + ": index '" + index + "' is neither a number nor *");
            }
            if (k < 0 || k >= array.size()) throw new StudyException(path + ": index " + k + " is outside " + field + " (size " + array.size() + ")");
            apply(array, k, parts, i, last, value, path);
        }
    }

    private static void apply(ArrayNode array, int k, String[] parts, int i, boolean last, JsonNode value, String path) {
        if (last) array.set(k, value.deepCopy());
        else set(array.get(k), parts, i + 1, value, path);
    }
}
