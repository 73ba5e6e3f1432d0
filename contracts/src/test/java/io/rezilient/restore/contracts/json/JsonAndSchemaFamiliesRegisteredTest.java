package io.rezilient.restore.contracts.json;

import io.rezilient.restore.contracts.conformance.ConformanceFamily;
import io.rezilient.restore.contracts.conformance.ContractFamilies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's {@code rez conformance check} runs what {@link ContractFamilies#all()} lists. */
class JsonAndSchemaFamiliesRegisteredTest {
    @Test
    void registersCanonicalJsonPlanHashAndCloudEvents() {
        assertThat(ContractFamilies.all()).extracting(ConformanceFamily::name)
                .contains("canonical_json", "plan_hash", "cloudevents");
    }
}
