package io.rezilient.restore.contracts.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every case of every vector file in a directory with the registered families. A file whose family has no
 * implementation yet is reported as not yet supported, never as passed.
 */
public final class ConformanceRunner {
    private final Map<String, ConformanceFamily> families = new LinkedHashMap<>();

    public ConformanceRunner(List<? extends ConformanceFamily> families) {
        for (ConformanceFamily family : families) {
            if (this.families.put(family.name(), family) != null) {
                throw new IllegalArgumentException("conformance family registered twice: " + family.name());
            }
        }
    }

    /** Runs every {@code *.json} vector file of {@code directory}, in file-name order. */
    public ConformanceReport run(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("not a directory of conformance vectors: " + directory);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        ConformanceReport report = new ConformanceReport();
        for (Path file : files) {
            runFile(file, report);
        }
        return report;
    }

    private void runFile(Path path, ConformanceReport report) {
        String fileName = path.getFileName().toString();
        JsonNode file;
        try {
            file = Json.read(path);
        } catch (RuntimeException unreadable) {
            report.fileError(fileName, "cannot parse vector file: " + unreadable.getMessage());
            return;
        }
        String familyName = file.path("family").asText("");
        JsonNode cases = file.path("cases");
        if (familyName.isEmpty() || !cases.isArray()) {
            report.fileError(fileName, "not a vector file (needs \"family\" and a \"cases\" array)");
            return;
        }
        ConformanceFamily family = families.get(familyName);
        if (family == null) {
            report.unsupported(familyName, fileName, cases.size());
            return;
        }
        List<JsonNode> caseList = new ArrayList<>();
        cases.forEach(caseList::add);
        for (JsonNode vectorCase : caseList) {
            String caseName = vectorCase.path("name").asText("<unnamed>");
            CaseResult result;
            try {
                result = family.run(vectorCase, file);
            } catch (RuntimeException | AssertionError crash) {
                result = CaseResult.failed("runner error: " + crash);
            }
            report.record(familyName, caseName, result);
        }
    }
}
