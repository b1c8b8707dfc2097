package dev.gradflow.model.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecException;
import dev.gradflow.model.spec.SpecIO;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study (grid) file: a base spec, axes over spec fields by JSON path, seeds, and optionally an SC-SDC block
 * (docs/studies.md):
 * <pre>{@code
 * { "name": "batchnorm", "description": "...",
 *   "base": { ...experiment spec... },
 *   "axes": { "optimizer.type": ["sgd", "adam"], "architecture.layers[*].batchNorm": [false, true] },
 *   "seeds": [1, 2, 3],                       // or a count: 3 means 1, 2, 3
 *   "scsdc": { "denseWidths": [32, 64] } }    // optional: base is the sparse net
 * }</pre>
 */
public record StudyFile(String name, String description, ObjectNode base, LinkedHashMap<String, List<JsonNode>> axes,
                        List<Long> seeds, List<Integer> denseWidths, String json) {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    public boolean scsdc() { return denseWidths != null && !denseWidths.isEmpty(); }

    public String kind() { return scsdc() ? "scsdc" : "sweep"; }

    public static StudyFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
        } catch (IOException e) {
            throw new StudyException("cannot read study file " + file + ": " + e.getMessage());
        }
    }

    public static StudyFile parse(String text, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new StudyException(source + ": not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new StudyException(source + ": a study file is a JSON object");
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("name", "description", "base", "axes", "seeds", "scsdc").contains(f)) {
                throw new StudyException(source + ": unknown field '" + f + "'; expected name, description, base, axes, seeds, scsdc");
            }
        }
        String name = root.path("name").asText(source.replaceAll("\\.json$", ""));
        String description = root.path("description").asText("");
        JsonNode base = root.get("base");
        if (base == null || !base.isObject()) throw new StudyException(source + ": 'base' must be an experiment spec object");
        LinkedHashMap<String, List<JsonNode>> axes = new LinkedHashMap<>();
        JsonNode ax = root.get("axes");
        if (ax != null && !ax.isNull()) {
            if (!ax.isObject()) throw new StudyException(source + ": 'axes' must map JSON paths to arrays of values");
            ax.fields().forEachRemaining(e -> {
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    throw new StudyException(source + ": axes." + e.getKey() + " must be a non-empty array of values");
                }
                List<JsonNode> values = new ArrayList<>();
                e.getValue().forEach(values::add);
                int width = zippedPaths(e.getKey()).size();
                if (width > 1) {
                    for (JsonNode v : values) {
                        if (!v.isArray() || v.size() != width) {
                            throw new StudyException(source + ": axes." + e.getKey() + " sets " + width
                                    + " paths together, so each value must be an array of " + width + " values; got " + v);
                        }
                    }
                }
                axes.put(e.getKey(), values);
            });
        }
        List<Long> seeds = new ArrayList<>();
        JsonNode s = root.get("seeds");
        if (s == null || s.isNull()) seeds.add(base.path("seed").asLong(1));
        else if (s.isIntegralNumber()) for (long i = 1; i <= s.asLong(); i++) seeds.add(i);
        else if (s.isArray()) s.forEach(v -> seeds.add(v.asLong()));
        else throw new StudyException(source + ": 'seeds' must be a count or an array of seeds");
        if (seeds.isEmpty()) throw new StudyException(source + ": no seeds");
        List<Integer> widths = null;
        JsonNode sc = root.get("scsdc");
        if (sc != null && !sc.isNull()) {
            JsonNode w = sc.get("denseWidths");
            if (w == null || !w.isArray() || w.isEmpty()) throw new StudyException(source + ": scsdc.denseWidths must be a non-empty array");
            widths = new ArrayList<>();
            for (JsonNode v : w) widths.add(v.asInt());
        }
        String canonical;
        try {
            canonical = MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new StudyException(e.getMessage());
        }
        return new StudyFile(name, description, (ObjectNode) base, axes, List.copyOf(seeds), widths, canonical);
    }

    /** A study of one spec: no axes, SC-SDC over dense widths, seeds given (for {@code gradflow scsdc}). */
    public static StudyFile scsdcOf(ExperimentSpec sparse, List<Integer> denseWidths, List<Long> seeds) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", sparse.name());
        root.put("description", "SC-SDC of " + sparse.name());
        try {
            root.set("base", MAPPER.readTree(SpecIO.toJson(sparse)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ArrayNode s = root.putArray("seeds");
        seeds.forEach(s::add);
        ArrayNode w = root.putObject("scsdc").putArray("denseWidths");
        denseWidths.forEach(w::add);
        return parse(root.toString(), sparse.name());
    }

    /** Every combination of axis values, in file order (the last axis varies fastest). */
    public List<Map<String, JsonNode>> configurations() {
        List<Map<String, JsonNode>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> axis : axes.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> partial : out) {
                List<String> paths = zippedPaths(axis.getKey());
                for (JsonNode v : axis.getValue()) {
                    Map<String, JsonNode> m = new LinkedHashMap<>(partial);
                    if (paths.size() == 1) m.put(axis.getKey(), v);
                    else for (int i = 0; i < paths.size(); i++) m.put(paths.get(i), v.get(i));
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * The paths an axis key sets: one path, or several joined by {@code |} for a zipped axis whose values are
     * arrays giving one value per path, e.g. {@code "optimizer.type|optimizer.learningRate": [["sgd", 0.1],
     * ["adam", 0.001]]} (docs/studies.md).
     */
    static List<String> zippedPaths(String axisKey) {
        List<String> paths = new ArrayList<>();
        for (String p : axisKey.split("\\|")) paths.add(p.strip());
        return paths;
    }

    /** The base spec with one configuration applied, validated. */
    public ExperimentSpec specFor(Map<String, JsonNode> config, String runName) {
        ObjectNode copy = base.deepCopy();
        for (Map.Entry<String, JsonNode> e : config.entrySet()) JsonPaths.set(copy, e.getKey(), e.getValue());
        copy.put("name", runName);
        try {
            return SpecIO.parse(copy.toString(), name + " [" + label(config) + "]");
        } catch (SpecException e) {
            throw new StudyException(e.getMessage());
        }
    }

    /**
     * Short label of a configuration: last path segment = value, comma-separated ("base" without axes); JSON null
     * reads "none" and an object with a "type" field its type, e.g. {@code density=0.1,dynamic=rigl}.
     */
    public static String label(Map<String, JsonNode> config) {
        if (config.isEmpty()) return "base";
        List<String> parts = new ArrayList<>();
        config.forEach((k, v) -> parts.add(shortName(k) + "=" + valueLabel(v)));
        return String.join(",", parts);
    }

    /** An axis value in a label: text as is, null as "none", an object with a "type" by its type (sparsity.dynamic). */
    static String valueLabel(JsonNode v) {
        if (v.isTextual()) return v.asText();
        if (v.isNull()) return "none";
        if (v.isObject() && v.path("type").isTextual()) return v.get("type").asText();
        return v.toString();
    }

    public static String shortName(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return last.replaceAll("\\[.*]", "");
    }
}
