package dev.gradflow.model.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads, validates and writes experiment specs. Reading checks, in order: JSON syntax, structure (unknown fields,
 * wrong JSON types, unknown enum values: {@link SpecStructure}), then ranges and cross-field rules
 * ({@link SpecValidator}); every problem found is reported at once in one {@link SpecException}.
 */
public final class SpecIO {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final ObjectMapper COMPACT = JsonMapper.builder().build();

    private SpecIO() {
    }

    public static ExperimentSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException(file.toString(), List.of(Problem.general(file.toString(), "no such file")));
        } catch (IOException e) {
            throw new SpecException(file.toString(), List.of(Problem.general(file.toString(),
                    "cannot be read (" + e.getMessage() + ")")));
        }
        return parse(text, file.toString());
    }

    /** Parses and validates spec JSON; {@code source} names it in error messages (a file name, "preset", ...). */
    public static ExperimentSpec parse(String json, String source) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new SpecException(source, List.of(Problem.general("(document)", "not valid JSON" + where + ": "
                    + e.getOriginalMessage())));
        }
        if (tree == null || !tree.isObject()) {
            throw new SpecException(source, List.of(new Problem("(document)", tree == null ? "empty" : tree.getNodeType().name().toLowerCase(),
                    "a JSON object")));
        }
        List<Problem> problems = new ArrayList<>(SpecStructure.check(tree, ExperimentSpec.class));
        if (!problems.isEmpty()) {
            problems.addAll(semanticProblemsDespite(tree, problems));
            throw new SpecException(source, problems);
        }
        ExperimentSpec spec;
        try {
            spec = MAPPER.treeToValue(tree, ExperimentSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The structural check should have caught this; report rather than crash.
            throw new SpecException(source, List.of(new Problem("(document)", "spec", "a well-formed spec: " + e.getMessage())));
        }
        List<Problem> semantic = SpecValidator.validate(spec);
        if (!semantic.isEmpty()) throw new SpecException(source, semantic);
        return spec;
    }

    /**
     * Range and cross-field problems of the rest of a spec that also has structural problems, so that one read reports
     * everything: the fields with structural problems are removed (for an array element, the whole array), the rest is
     * bound and validated, and problems under a removed field are dropped (they would only repeat it).
     */
    private static List<Problem> semanticProblemsDespite(JsonNode tree, List<Problem> structural) {
        JsonNode copy = tree.deepCopy();
        List<String> removed = new ArrayList<>();
        for (Problem p : structural) {
            String r = remove(copy, p.path());
            if (r == null) return List.of();
            removed.add(r);
        }
        ExperimentSpec partial;
        try {
            partial = MAPPER.treeToValue(copy, ExperimentSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return List.of();
        }
        List<Problem> out = new ArrayList<>();
        for (Problem p : SpecValidator.validate(partial)) {
            boolean covered = removed.stream().anyMatch(r -> p.path().equals(r) || p.path().startsWith(r + ".")
                    || p.path().startsWith(r + "["));
            if (!covered) out.add(p);
        }
        return out;
    }

    /** Removes the field named by a JSON path such as {@code a.b[2].c}; returns the path removed, or null. */
    private static String remove(JsonNode root, String path) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        StringBuilder done = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String field = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
            if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode obj)) return null;
            String prefix = done.length() == 0 ? "" : done + ".";
            if (i == parts.length - 1) {
                obj.remove(field);
                return prefix + field;
            }
            JsonNode child = obj.get(field);
            if (child == null) return null;
            String rest = part.substring(field.length());
            while (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                int index = Integer.parseInt(rest.substring(1, close));
                if (!child.isArray() || index >= child.size()) return null;
                child = child.get(index);
                rest = rest.substring(close + 1);
            }
            if (!child.isObject()) {
                obj.remove(field);
                return prefix + field;
            }
            node = child;
            done.append(done.length() == 0 ? part : "." + part);
        }
        return null;
    }

    /** Validates a spec built in code (e.g. by the workbench) with the same rules as {@link #parse}. */
    public static List<Problem> problems(ExperimentSpec spec) {
        return SpecValidator.validate(spec);
    }

    /** Pretty JSON with every default filled in. */
    public static String toJson(ExperimentSpec spec) {
        try {
            return MAPPER.writeValueAsString(spec) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(ExperimentSpec spec, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, toJson(spec), StandardCharsets.UTF_8);
    }

    /** SHA-256 (hex) of the canonical compact JSON, defaults filled: equal specs have equal hashes. */
    public static String hash(ExperimentSpec spec) {
        try {
            byte[] bytes = COMPACT.writeValueAsBytes(spec);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
