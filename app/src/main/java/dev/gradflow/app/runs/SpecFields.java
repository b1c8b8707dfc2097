package dev.gradflow.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A run's stored spec as flat JSON paths ({@code optimizer.type}, {@code sparsity.density},
 * {@code architecture.layers[0].width}) to values (numbers as {@link Double}, text, booleans), for the runs table's
 * spec columns, filters, the grouping by configuration and the parallel-coordinates axes.
 */
public final class SpecFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Spec fields that do not define a configuration: runs equal except for these are seeds of one configuration. */
    public static final List<String> NOT_CONFIGURATION = List.of("name", "seed");

    private SpecFields() {
    }

    /** The leaves of a spec's JSON by path, in document order; an unreadable spec gives an empty map. */
    public static Map<String, Object> flatten(String specJson) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (specJson == null || specJson.isBlank()) return out;
        try {
            walk(JSON.readTree(specJson), "", out);
        } catch (Exception e) {
            out.clear();
        }
        return out;
    }

    private static void walk(JsonNode n, String path, Map<String, Object> out) {
        if (n.isObject()) {
            if (n.isEmpty() && !path.isEmpty()) out.put(path, "{}");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (n.isArray()) {
            if (n.isEmpty()) out.put(path, "[]");
            for (int i = 0; i < n.size(); i++) walk(n.get(i), path + "[" + i + "]", out);
        } else if (n.isNumber()) {
            out.put(path, n.doubleValue());
        } else if (n.isBoolean()) {
            out.put(path, n.booleanValue());
        } else if (!n.isNull()) {
            out.put(path, n.asText());
        }
    }

    /**
     * The configuration a run belongs to: its spec fields without {@link #NOT_CONFIGURATION}, in a canonical order.
     * Two runs have the same key exactly when their specs are equal except for the seed and the name.
     */
    public static String configKey(Map<String, Object> fields) {
        TreeMap<String, Object> t = new TreeMap<>(fields);
        NOT_CONFIGURATION.forEach(t::remove);
        return t.toString();
    }

    /** Every path that occurs in any of the runs, sorted. */
    public static List<String> paths(Collection<Map<String, Object>> runs) {
        TreeSet<String> all = new TreeSet<>();
        for (Map<String, Object> r : runs) all.addAll(r.keySet());
        return List.copyOf(all);
    }

    /** Paths (except the name and description) whose value differs between at least two runs, in first-seen order. */
    public static List<String> varying(List<Map<String, Object>> runs) {
        Map<String, Object> first = new LinkedHashMap<>();
        Map<String, Boolean> differs = new LinkedHashMap<>();
        for (Map<String, Object> r : runs) for (String p : r.keySet()) differs.putIfAbsent(p, false);
        for (String p : differs.keySet()) {
            boolean seen = false;
            Object v0 = null;
            for (Map<String, Object> r : runs) {
                Object v = r.get(p);
                if (!seen) { v0 = v; seen = true; }
                else if (!Objects.equals(v0, v)) { differs.put(p, true); break; }
            }
        }
        first.clear();
        return differs.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .filter(p -> !p.equals("name") && !p.equals("description")).toList();
    }

    /** A value as the table shows it: integral numbers without ".0". */
    public static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
            return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
        }
        return v.toString();
    }

    /** Orders values: numbers numerically, before text; missing values last. */
    public static int compare(Object a, Object b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
        if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
        if (a instanceof Number) return -1;
        if (b instanceof Number) return 1;
        return a.toString().compareToIgnoreCase(b.toString());
    }
}
