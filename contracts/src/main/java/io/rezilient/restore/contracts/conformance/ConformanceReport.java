package io.rezilient.restore.contracts.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a conformance run found: counts, every failing case, documented deviations and unsupported families. */
public final class ConformanceReport {
    /** One case that did not pass, or one file that could not be run. */
    public record Finding(String family, String caseName, String detail) {
        @Override
        public String toString() {
            return family + "/" + caseName + ": " + detail;
        }
    }

    private final Map<String, int[]> passedByFamily = new LinkedHashMap<>();
    private final List<Finding> failures = new ArrayList<>();
    private final List<Finding> deviations = new ArrayList<>();
    private final Map<String, Integer> unsupported = new LinkedHashMap<>();
    private int passed;

    void record(String family, String caseName, CaseResult result) {
        passedByFamily.computeIfAbsent(family, f -> new int[1]);
        switch (result.status()) {
            case PASSED -> {
                passed++;
                passedByFamily.get(family)[0]++;
            }
            case FAILED -> failures.add(new Finding(family, caseName, result.detail()));
            case DEVIATION -> deviations.add(new Finding(family, caseName, result.detail()));
        }
    }

    void unsupported(String family, String fileName, int caseCount) {
        unsupported.merge(family, caseCount, Integer::sum);
    }

    void fileError(String fileName, String detail) {
        failures.add(new Finding(fileName, "<file>", detail));
    }

    public int passed() {
        return passed;
    }

    public int failed() {
        return failures.size();
    }

    public List<Finding> failures() {
        return List.copyOf(failures);
    }

    public List<Finding> deviations() {
        return List.copyOf(deviations);
    }

    /** Families present in the directory that no registered implementation runs yet, with their case counts. */
    public Map<String, Integer> unsupportedFamilies() {
        return Map.copyOf(unsupported);
    }

    /** Families that ran, each with its number of passing cases. */
    public Map<String, Integer> passedByFamily() {
        Map<String, Integer> copy = new LinkedHashMap<>();
        passedByFamily.forEach((family, count) -> copy.put(family, count[0]));
        return copy;
    }

    /** The closing line: {@code N passed, M failed}. */
    public String summaryLine() {
        return passed + " passed, " + failures.size() + " failed";
    }
}
