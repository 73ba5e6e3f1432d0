package io.rezilient.restore.contracts.freshness;

import io.rezilient.restore.contracts.conformance.ConformanceReport;
import io.rezilient.restore.contracts.conformance.ConformanceRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessConformanceTest {
    private static final Path VECTORS = Path.of(System.getProperty("rez.shared.dir"), "conformance", "vectors");

    @Test
    void everyFreshnessVectorMatchesTheReference() {
        ConformanceReport report = new ConformanceRunner(List.of(new FreshnessFamily())).run(VECTORS);

        assertThat(report.failures()).as("failing cases").isEmpty();
        assertThat(report.deviations()).as("deviations").isEmpty();
        assertThat(report.passedByFamily()).containsEntry("freshness", 22);
    }
}
