package dev.gradflow.model.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The user's tags and note of a run (table {@code run_annotations}, docs/store.md). A run without a row reads as no
 * tags and an empty note.
 *
 * @param runId the run
 * @param tags  short labels, each trimmed and non-empty, without commas or line breaks (stored comma-separated)
 * @param note  free text, possibly several lines; "" when none
 */
public record RunAnnotation(long runId, List<String> tags, String note) {
    public RunAnnotation {
        tags = List.copyOf(tags);
        if (note == null) note = "";
    }

    /** The stored form of tags: each trimmed, empty ones dropped, joined by commas. */
    static String encode(List<String> tags) {
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            String s = t == null ? "" : t.strip();
            if (s.isEmpty()) continue;
            if (s.contains(",") || s.contains("\n") || s.contains("\r")) {
                throw new IllegalArgumentException("tag '" + s + "': a tag cannot contain a comma or a line break");
            }
            out.add(s);
        }
        return String.join(",", out);
    }

    /** The tags of a stored text (or of free text such as "paper, fig3"): split at commas, trimmed, empties dropped. */
    public static List<String> decode(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (String t : text.split(",")) {
            String s = t.strip();
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }
}
