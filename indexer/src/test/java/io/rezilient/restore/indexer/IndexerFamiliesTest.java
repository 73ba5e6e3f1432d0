package io.rezilient.restore.indexer;

import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.conformance.ConformanceReport;
import io.rezilient.restore.contracts.conformance.ConformanceRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IndexerFamiliesTest {
    private static final Path VECTORS = Path.of(System.getProperty("rez.shared.dir"), "conformance", "vectors");

    @Test
    void registersTheIndexerFamiliesOnce() {
        assertThat(IndexerFamilies.all()).extracting(ConformanceFamily::name)
                .containsExactly("metadata_normalization");
    }

    @Test
    void theRegisteredFamiliesPassEveryIndexerVector() {
        ConformanceReport report = new ConformanceRunner(IndexerFamilies.all()).run(VECTORS);

        assertThat(report.failures()).as("failing cases").isEmpty();
        assertThat(report.passedByFamily())
                .containsEntry("metadata_normalization", 44);
    }
}
