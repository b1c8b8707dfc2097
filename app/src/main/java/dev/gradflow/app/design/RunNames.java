package dev.gradflow.app.design;

import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.SpecIO;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names for new runs that say what differs from the spec they came from: the origin's name followed by
 * {@code field=value} for each changed field ({@code quick-demo density=1.0}, {@code quick-demo lr=0.01 epochs=3}),
 * compared on the specs' canonical JSON ({@link SpecIO#toJson}), so every field counts, shown or not.
 */
public final class RunNames {
    private RunNames() {}

    /** At most this many changes are spelled out; the rest are counted ("+2 more"). */
    static final int MAX_SHOWN = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IGNORED = Set.of("name", "description");
    private static final Map<String, String> SHORT = Map.of("learningRate", "lr", "batchSize", "batch",
            "trainExamples", "examples", "logEvery", "log-every");

    /** The origin's name plus the changed fields of {@code edited} (the origin's name alone when nothing changed). */
    public static String derive(ExperimentSpec origin, ExperimentSpec edited) {
        List<String> changes = changes(origin, edited);
        String baseName = origin.name() == null || origin.name().isBlank() ? "run" : origin.name();
        if (changes.isEmpty()) return baseName;
        List<String> shown = changes.subList(0, Math.min(MAX_SHOWN, changes.size()));
        String more = changes.size() > MAX_SHOWN ? " +" + (changes.size() - MAX_SHOWN) + " more" : "";
        return baseName + " " + String.join(" ", shown) + more;
    }

    /** {@code field=value} for every leaf that differs, in spec order. */
    static List<String> changes(ExperimentSpec origin, ExperimentSpec edited) {
        try {
            JsonNode a = JSON.readTree(SpecIO.toJson(origin)), b = JSON.readTree(SpecIO.toJson(edited));
            List<String> out = new ArrayList<>();
            diff("", a, b, out);
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (b == null || b.isMissingNode()) return;
        if (a != null && a.equals(b)) return;
        if (b.isObject() && a != null && a.isObject()) {
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (path.isEmpty() && IGNORED.contains(f)) continue;
                diff(path.isEmpty() ? f : path + "." + f, a.get(f), b.get(f), out);
            }
            return;
        }
        if (b.isArray() && a != null && a.isArray() && a.size() == b.size()) {
            for (int i = 0; i < b.size(); i++) diff(path + "[" + i + "]", a.get(i), b.get(i), out);
            return;
        }
        out.add(label(path) + "=" + value(b));
    }

    /** {@code sparsity.density} -> {@code density}; {@code architecture.layers[1].width} -> {@code layer2.width}. */
    static String label(String path) {
        String p = path.replaceAll("^architecture\\.layers\\[(\\d+)]", "layer#$1").replaceAll("^architecture\\.blocks\\[(\\d+)]", "block#$1");
        Matcher m = Pattern.compile("(layer|block)#(\\d+)").matcher(p);
        if (m.find()) p = m.replaceFirst(m.group(1) + (Integer.parseInt(m.group(2)) + 1));
        if (p.startsWith("layer") || p.startsWith("block")) return p;
        String last = p.substring(p.lastIndexOf('.') + 1);
        return SHORT.getOrDefault(last, last);
    }

    private static String value(JsonNode v) {
        if (v.isTextual()) return v.asText();
        if (v.isArray()) return v.size() + " items";
        return v.toString();
    }
}
