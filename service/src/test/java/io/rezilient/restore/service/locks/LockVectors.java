package io.rezilient.restore.service.locks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The reference's {@code lock_manager} conformance vectors (../shared/conformance/vectors/lock_manager.json). */
final class LockVectors {
    static final Path FILE = Path.of(System.getProperty("rez.shared.dir", "../../shared"), "conformance", "vectors",
            "lock_manager.json");

    /** One case: the ops in order, and for each the reference's {@code {result | error, state}}. */
    record Case(String name, List<JsonNode> steps, List<JsonNode> expected) {
        Case {
            steps = List.copyOf(steps);
            expected = List.copyOf(expected);
            if (steps.size() != expected.size()) {
                throw new IllegalArgumentException(name + ": " + steps.size() + " steps but " + expected.size()
                        + " expectations");
            }
        }

        JsonNode step(int index) {
            return steps.get(index);
        }

        JsonNode expected(int index) {
            return expected.get(index);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private LockVectors() {
    }

    /** Every case of the file by name, in file order; a duplicate name would make a classification ambiguous. */
    static Map<String, Case> load() {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
        }
        if (!"lock_manager".equals(root.path("family").asText())) {
            throw new IllegalStateException(FILE + " is not the lock_manager family");
        }
        Map<String, Case> cases = new LinkedHashMap<>();
        for (JsonNode node : array(root, "cases")) {
            List<JsonNode> steps = new ArrayList<>();
            array(node.path("input"), "steps").forEach(steps::add);
            List<JsonNode> expected = new ArrayList<>();
            array(node.path("expected"), "steps").forEach(expected::add);
            String name = Objects.requireNonNull(node.path("name").textValue(), "a case without a name");
            if (cases.put(name, new Case(name, steps, expected)) != null) {
                throw new IllegalStateException("duplicate case name " + name + " in " + FILE);
            }
        }
        return cases;
    }

    private static JsonNode array(JsonNode parent, String field) {
        JsonNode array = parent.path(field);
        if (!array.isArray()) {
            throw new IllegalStateException(FILE + ": " + field + " is not an array");
        }
        return array;
    }

    static Case get(String name) {
        Case found = load().get(name);
        if (found == null) {
            throw new IllegalStateException("no case " + name + " in " + FILE);
        }
        return found;
    }
}
