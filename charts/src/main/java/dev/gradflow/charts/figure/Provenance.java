package dev.gradflow.charts.figure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The provenance map of a figure in the order every sidecar has: figure kind and title, the figure's own entries, theme and size. */
public final class Provenance {
    private Provenance() {
    }

    /** {@code figure} and {@code title} of {@code f}, then what {@code entries} puts, then {@code theme} and {@code size}. */
    public static Map<String, Object> of(Figure f, Consumer<Map<String, Object>> entries) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("figure", f.kind());
        p.put("title", f.title());
        entries.accept(p);
        p.put("theme", f.style().theme().name());
        p.put("size", f.style().size().name());
        return p;
    }
}
