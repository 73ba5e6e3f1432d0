package io.rezilient.restore.service.plans;

import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.conformance.ConformanceReport;
import io.rezilient.restore.contracts.conformance.ConformanceRunner;
import io.rezilient.restore.service.ServiceFamilies;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceFamiliesTest {
    private static final Path VECTORS = Path.of(System.getProperty("rez.shared.dir", "../../shared"), "conformance",
            "vectors");

    @Test
    void registersTheServiceFamiliesOnce() {
        assertThat(ServiceFamilies.all()).extracting(ConformanceFamily::name)
                .containsExactly("materialization", "dry_run_gate", "evidence");
    }

    @Test
    void theRegisteredFamiliesPassEveryServiceVector() {
        ConformanceReport report = new ConformanceRunner(ServiceFamilies.all()).run(VECTORS);

        assertThat(report.failures()).as("failing cases").isEmpty();
        assertThat(report.deviations()).as("deviations").isEmpty();
        assertThat(report.passedByFamily())
                .containsEntry("materialization", 26)
                .containsEntry("dry_run_gate", 19)
                .containsEntry("evidence", 19);
    }
}
