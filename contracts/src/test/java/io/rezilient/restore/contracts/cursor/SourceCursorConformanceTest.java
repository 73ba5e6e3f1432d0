package io.rezilient.restore.contracts.cursor;

import io.rezilient.restore.contracts.conformance.ConformanceReport;
import io.rezilient.restore.contracts.conformance.ConformanceRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceCursorConformanceTest {
    private static final Path VECTORS = Path.of(System.getProperty("rez.shared.dir"), "conformance", "vectors");

    @Test
    void everySourceCursorVectorMatchesTheReference() {
        ConformanceReport report = new ConformanceRunner(List.of(new SourceCursorFamily())).run(VECTORS);

        assertThat(report.failures()).as("failing cases").isEmpty();
        assertThat(report.deviations()).as("deviations").isEmpty();
        assertThat(report.passedByFamily()).containsEntry("source_cursor", 11);
    }
}
