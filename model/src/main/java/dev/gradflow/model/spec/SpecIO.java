package dev.gradflow.model.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;

/**
 * Reads, validates and writes experiment specs. Reading checks, in order: JSON syntax, structure (unknown fields,
 * wrong JSON types, unknown enum values: {@link SpecStructure}), then ranges and cross-field rules
 * ({@link SpecValidator}); every problem found is reported at once in one {@link SpecException}.
 */
public final class SpecIO {
    /** Largest spec file read: a spec is a small document; anything bigger is a mistake (a data file, a log). */
    public static final long MAX_FILE_BYTES = 1 << 20;
    /** Deepest JSON nesting accepted (a spec nests 4 levels; fuzzed input must not reach Jackson's limits). */
    public static final int MAX_NESTING = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING).build()).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final ObjectMapper COMPACT = JsonMapper.builder().build();

    private SpecIO() {
    }

    public static ExperimentSpec read(Path file) {
        String where = Messages.shorten(file.toString(), 200);
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new SpecException(where, List.of(Problem.general(where, "is a folder; expected a spec file (JSON)")));
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SpecException(where, List.of(Problem.general(where, "is " + size + " bytes; a spec file is at most "
                        + MAX_FILE_BYTES + " bytes (is this a data file?)")));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(where, List.of(Problem.general(where, "no such file")));
        } catch (AccessDeniedException e) {
            throw new SpecException(where, List.of(Problem.general(where, "cannot be read (permission denied)")));
        } catch (IOException e) {
            throw new SpecException(where, List.of(Problem.general(where, "cannot be read (" + e.getMessage() + ")")));
        }
        return parse(text(bytes, where), where);
    }

    /** The file's text, strictly UTF-8 (a leading byte-order mark is dropped); binary or other encodings are rejected. */
    private static String text(byte[] bytes, String where) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new SpecException(where, List.of(Problem.general(where, "contains a NUL byte at offset " + i
                        + "; not a text file (a spec is UTF-8 JSON)")));
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String s = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            int offset = firstInvalidUtf8(bytes);
            throw new SpecException(where, List.of(Problem.general(where, String.format(
                    "is not UTF-8 text (byte 0x%02X at offset %d); save the spec as UTF-8 JSON", bytes[offset] & 0xFF, offset))));
        }
    }

    private static int firstInvalidUtf8(byte[] b) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(b);
        var out = CharBuffer.allocate(b.length + 1);
        decoder.decode(in, out, true);
        return Math.min(in.position(), b.length - 1);
    }

    /** Parses and validates spec JSON; {@code source} names it in error messages (a file name, "preset", ...). */
    public static ExperimentSpec parse(String json, String source) {
        source = Messages.shorten(source, 200);
        JsonNode tree = tree(json, source);
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
            throw new SpecException(source, List.of(new Problem("(document)", "spec", "a well-formed spec ("
                    + Messages.shorten(String.valueOf(e.getMessage()), 200) + ")")));
        }
        List<Problem> semantic = SpecValidator.validate(spec);
        if (!semantic.isEmpty()) throw new SpecException(source, semantic);
        return spec;
    }

    /**
     * Exactly one JSON document: syntax errors, non-numbers ({@code NaN}, {@code Infinity}), over-deep nesting and any
     * content after the document are reported in the workbench's words with their line and column.
     */
    private static JsonNode tree(String json, String source) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            JsonNode tree = MAPPER.readTree(p);
            if (tree == null) return null;
            JsonToken extra;
            try {
                extra = p.nextToken();
            } catch (JsonProcessingException e) {
                extra = JsonToken.NOT_AVAILABLE;
            }
            if (extra != null) {
                var loc = p.currentTokenLocation();
                throw new SpecException(source, List.of(Problem.general("(document)", "unexpected content after the end of "
                        + "the JSON document at line " + loc.getLineNr() + ", column " + loc.getColumnNr()
                        + " (a spec is one JSON object; remove what follows its closing brace)")));
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new SpecException(source, List.of(Problem.general("(document)", Messages.jsonSyntax(e))));
        } catch (IOException e) {
            throw new SpecException(source, List.of(Problem.general("(document)", "cannot be read ("
                    + Messages.shorten(String.valueOf(e.getMessage()), 200) + ")")));
        }
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
            if (!(node instanceof ObjectNode obj)) return null;
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

    /**
     * All rules, with the shape rules checked against examples of {@code inputShape} and {@code classes} classes as
     * loaded from {@code shapeSource} (for messages): used once the data is loaded, before anything is built or stored,
     * so that an {@code idx} folder's real image size is checked too.
     */
    public static List<Problem> problems(ExperimentSpec spec, int[] inputShape, int classes, String shapeSource) {
        return SpecValidator.validate(spec, inputShape, classes, shapeSource);
    }

    /** Whether {@link #problems(ExperimentSpec)} could check the spec's shapes (false for {@code idx} data). */
    public static boolean shapesKnown(ExperimentSpec spec) {
        return ShapeRules.knownInputShape(spec.dataset()) != null;
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
