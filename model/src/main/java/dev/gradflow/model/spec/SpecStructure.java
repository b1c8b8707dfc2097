package dev.gradflow.model.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Structural check of a spec's JSON tree against the spec records, before binding: every field must be known,
 * of the right JSON type, and enum values must be among the allowed ids. Collects all problems instead of stopping
 * at the first, and names each by its JSON path. JSON {@code null} means "use the default".
 */
final class SpecStructure {
    private SpecStructure() {
    }

    static List<Problem> check(JsonNode root, Class<?> recordType) {
        List<Problem> out = new ArrayList<>();
        walk(root, recordType, "", out);
        return out;
    }

    private static void walk(JsonNode node, Type type, String path, List<Problem> out) {
        if (node == null || node.isNull()) return;
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            if (!node.isObject()) {
                out.add(new Problem(name(path), show(node), "an object with fields " + fieldNames(raw)));
                return;
            }
            RecordComponent[] components = raw.getRecordComponents();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                RecordComponent match = Arrays.stream(components).filter(c -> c.getName().equals(field.getKey()))
                        .findFirst().orElse(null);
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (match == null) {
                    out.add(new Problem(childPath, show(field.getValue()), "unknown field; expected one of " + fieldNames(raw)));
                } else {
                    walk(field.getValue(), match.getGenericType(), childPath, out);
                }
            }
        } else if (List.class.isAssignableFrom(raw)) {
            if (!node.isArray()) {
                out.add(new Problem(name(path), show(node), "a JSON array"));
                return;
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isNull()) {
                    out.add(new Problem(path + "[" + i + "]", "null", "a value"));
                } else {
                    walk(item, element, path + "[" + i + "]", out);
                }
            }
        } else if (raw.isEnum() && SpecEnum.class.isAssignableFrom(raw)) {
            List<String> ids = Arrays.stream(raw.getEnumConstants()).map(e -> ((SpecEnum) e).id()).toList();
            boolean booleanAlias = SpecEnum.BooleanAlias.class.isAssignableFrom(raw) && node.isBoolean();
            if (!booleanAlias && (!node.isTextual() || !ids.contains(node.asText()))) {
                out.add(new Problem(name(path), show(node), "one of " + String.join(", ", ids)
                        + (SpecEnum.BooleanAlias.class.isAssignableFrom(raw) ? " (or true, false)" : "")));
            }
        } else if (raw == Integer.class || raw == Long.class) {
            boolean fits = node.isIntegralNumber() && (raw == Long.class ? node.canConvertToLong() : node.canConvertToInt());
            if (!fits) out.add(new Problem(name(path), show(node), raw == Integer.class ? "an integer" : "a whole number"));
        } else if (raw == Double.class) {
            if (!node.isNumber()) out.add(new Problem(name(path), show(node), "a number"));
            else if (!Double.isFinite(node.asDouble())) {
                out.add(new Problem(name(path), node.asDouble() > 0 ? "Infinity" : "-Infinity", "a finite number (this one is beyond the double range, "
                        + "about 1.8e308, and would be infinite)"));
            }
        } else if (raw == Boolean.class) {
            if (!node.isBoolean()) out.add(new Problem(name(path), show(node), "true or false"));
        } else if (raw == String.class) {
            if (!node.isTextual()) out.add(new Problem(name(path), show(node), "a string"));
        } else {
            throw new IllegalStateException("spec type not covered by the structural check: " + raw);
        }
    }

    private static String name(String path) {
        return path.isEmpty() ? "(document)" : path;
    }

    private static String fieldNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }

    static String show(JsonNode node) {
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
