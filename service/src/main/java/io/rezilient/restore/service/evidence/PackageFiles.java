package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.json.JsStrings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An evidence package as files an auditor keeps, read without a server or a database. Two forms:
 * <ul>
 *   <li>a directory (what {@code rez evidence get} writes): {@code evidence.json} — the {@code GET …/evidence}
 *       answer: {@code evidence, verification, manifest_sha256, generated_at, manifest_payload} — and
 *       {@code artifacts/<artifact_id>}, each artifact's canonical JSON byte for byte;</li>
 *   <li>one JSON file holding the record with its artifacts inline ({@code artifacts: [{artifact_id,
 *       canonical_json, sha256, bytes}]}), the shape of the reference's evidence export record.</li>
 * </ul>
 */
public final class PackageFiles {
    public static final String RECORD_FILE = "evidence.json";
    public static final String ARTIFACT_DIR = "artifacts";

    private PackageFiles() {
    }

    /** Where an artifact's bytes can be read from. */
    @FunctionalInterface
    public interface ArtifactSource {
        InputStream open() throws IOException;
    }

    /** A package read from disk: its record and its artifacts by id. */
    public record OnDisk(Path location, ObjectNode record, Map<String, ArtifactSource> artifacts) {
        public OnDisk {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(record, "record");
            artifacts = Map.copyOf(artifacts);
        }

        public JsonNode evidence() {
            return record.path("evidence");
        }

        /** An artifact's hash entry recomputed from its bytes as they are on disk. */
        public ArtifactHash rehash(String artifactId) {
            ArtifactDigest digest = new ArtifactDigest(artifactId, bytes -> { });
            try (InputStream in = artifacts.get(artifactId).open()) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    digest.acceptBytes(buffer, 0, read);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read artifact " + artifactId + " of " + location, e);
            }
            return digest.finish();
        }

        /** An artifact's text (for reports; large artifacts are read whole). */
        public String text(String artifactId) {
            try (InputStream in = artifacts.get(artifactId).open()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read artifact " + artifactId + " of " + location, e);
            }
        }
    }

    /**
     * Reads a package directory or file.
     *
     * @throws IllegalArgumentException when it is neither form, or its record is not a JSON object with evidence
     */
    public static OnDisk read(Path location) {
        if (Files.isDirectory(location)) {
            return readDirectory(location);
        }
        if (!Files.isRegularFile(location)) {
            throw new IllegalArgumentException(location + " is neither an evidence package directory nor a file");
        }
        ObjectNode record = record(location);
        Map<String, ArtifactSource> artifacts = new LinkedHashMap<>();
        for (JsonNode artifact : record.path("artifacts")) {
            String id = artifact.path("artifact_id").asText("");
            byte[] utf8 = JsStrings.utf8(artifact.path("canonical_json").asText(""));
            if (!id.isEmpty() && artifact.path("canonical_json").isTextual()) {
                artifacts.put(id, () -> new ByteArrayInputStream(utf8));
            }
        }
        return new OnDisk(location, record, artifacts);
    }

    private static OnDisk readDirectory(Path directory) {
        Path recordFile = directory.resolve(RECORD_FILE);
        if (!Files.isRegularFile(recordFile)) {
            throw new IllegalArgumentException(directory + " has no " + RECORD_FILE
                    + "; an evidence package directory holds evidence.json and artifacts/");
        }
        ObjectNode record = record(recordFile);
        Map<String, ArtifactSource> artifacts = new LinkedHashMap<>();
        Path artifactDir = directory.resolve(ARTIFACT_DIR);
        if (Files.isDirectory(artifactDir)) {
            try (Stream<Path> files = Files.list(artifactDir)) {
                files.filter(Files::isRegularFile).sorted().forEach(file ->
                        artifacts.put(file.getFileName().toString(), () -> Files.newInputStream(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + artifactDir, e);
            }
        }
        return new OnDisk(directory, record, artifacts);
    }

    private static ObjectNode record(Path file) {
        JsonNode json;
        try {
            json = Json.read(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a JSON evidence record: " + e.getMessage());
        }
        if (!(json instanceof ObjectNode object) || !object.path("evidence").isObject()) {
            throw new IllegalArgumentException(file + " is not an evidence record (no evidence object)");
        }
        return object;
    }
}
