package dev.gradflow.app.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saved views of the runs table, one JSON file per view ({@link SavedView} through Jackson) in a folder, by default
 * {@code ~/.gradflow/views} (system property {@code gradflow.views} overrides). Writes go to a temporary file that is
 * then moved over the old one, so a crash never leaves half a file. Reading a corrupt or foreign file fails with one
 * line naming the file and what was expected; the file is left as it is.
 */
public final class SavedViews {
    public static final String PROPERTY = "gradflow.views";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A view file that cannot be read: the message is one line for the status bar. */
    public static final class BadViewFile extends Exception {
        public BadViewFile(String message) { super(message); }
    }

    private final Path dir;

    public SavedViews(Path dir) { this.dir = dir; }

    public static SavedViews defaults() {
        String p = System.getProperty(PROPERTY);
        return new SavedViews(p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), ".gradflow", "views"));
    }

    public Path folder() { return dir; }

    /** Names of the saved views (file names without {@code .json}), sorted. */
    public List<String> names() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - 5)).sorted(String.CASE_INSENSITIVE_ORDER).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The file of a view name: characters other than letters, digits, space, {@code - _ . =} become {@code _}. */
    public Path file(String name) {
        String safe = name.trim().replaceAll("[^\\p{L}\\p{N} ._=-]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) safe = "_" + safe;
        return dir.resolve(safe + ".json");
    }

    public void save(SavedView v) throws IOException {
        if (v.name() == null || v.name().isBlank()) throw new IllegalArgumentException("a view needs a name");
        Files.createDirectories(dir);
        Path target = file(v.name());
        Path tmp = Files.createTempFile(dir, ".view", ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), v);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a view; a missing, unreadable or malformed file gives {@link BadViewFile} with one line. */
    public SavedView load(String name) throws BadViewFile {
        Path f = file(name);
        SavedView v;
        try {
            v = JSON.readValue(f.toFile(), SavedView.class);
        } catch (JsonProcessingException e) {
            throw new BadViewFile("Saved view " + f + " is not a valid view file (expected JSON with name, columns, filter, sort,"
                    + " grouped): " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + "; nothing was changed");
        } catch (IOException e) {
            throw new BadViewFile("Cannot read saved view " + f + ": " + firstLine(String.valueOf(e.getMessage())));
        }
        if (v == null) throw new BadViewFile("Saved view " + f + " is empty (expected a JSON object); nothing was changed");
        List<String> problems = new ArrayList<>();
        for (SavedView.Sort s : v.sort()) if (s == null || s.column() == null) problems.add("sort entry without a column");
        if (v.columns().stream().anyMatch(c -> c == null || c.isBlank())) problems.add("an empty column path");
        if (!problems.isEmpty()) throw new BadViewFile("Saved view " + f + ": " + String.join(", ", problems) + "; nothing was changed");
        return new SavedView(name, v.columns(), v.filter(), v.sort(), v.grouped());
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
