package io.rezilient.restore.service.evidence;

import io.rezilient.restore.objectstore.Immutability;
import io.rezilient.restore.objectstore.ListPage;
import io.rezilient.restore.objectstore.ObjectStore;
import io.rezilient.restore.objectstore.ObjectStream;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Period;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up decision of how evidence is stored, and what the signed block then says. */
class EvidenceStorageTest {
    /** A store that only reports what it enforces (the decision asks nothing else). */
    private static ObjectStore enforcing(Immutability immutability) {
        return new ObjectStore() {
            @Override
            public ListPage list(String prefix, String startAfter, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<ObjectStream> open(String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void put(String key, byte[] bytes, String contentType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String describe() {
                return "s3://audit-bucket";
            }

            @Override
            public Immutability immutability(String probePrefix) {
                assertThat(probePrefix).isEqualTo(EvidenceStorage.PROBE_PREFIX);
                return immutability;
            }
        };
    }

    @Test
    void wormOnAStoreThatEnforcesNothingStopsTheStartSayingWhy() {
        assertThatThrownBy(() -> EvidenceStorage.decide(true, "standard-30d", enforcing(Immutability.NONE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RRS_EVIDENCE_IMMUTABLE_WORM_ENABLED is true but s3://audit-bucket cannot keep"
                        + " evidence write-once");
    }

    @Test
    void objectLockNeedsARetentionPeriodInTheClassName() {
        EvidenceStorage locked = EvidenceStorage.decide(true, "compliance-7y", enforcing(Immutability.OBJECT_LOCK));

        assertThat(locked.retention()).contains(Period.ofYears(7));
        assertThat(locked.retainUntil(Instant.parse("2026-12-07T00:00:00Z")))
                .contains(Instant.parse("2033-12-07T00:00:00Z"));
        assertThat(locked.signedBlock().wormEnabled()).isTrue();
        assertThat(locked.describe(Instant.parse("2026-12-07T00:00:00Z")))
                .isEqualTo("s3_object_lock compliance until 2033-12-07T00:00:00Z");
        assertThatThrownBy(() -> EvidenceStorage.decide(true, "gold", enforcing(Immutability.OBJECT_LOCK)))
                .hasMessageContaining("RRS_EVIDENCE_IMMUTABLE_RETENTION_CLASS gold gives no retention period");
    }

    @Test
    void conditionalCreatesAreWormWithoutRetentionAndWormOffNeverClaimsIt() {
        EvidenceStorage conditional = EvidenceStorage.decide(true, "standard-30d",
                enforcing(Immutability.CONDITIONAL_CREATE));
        EvidenceStorage off = EvidenceStorage.decide(false, "standard-30d", enforcing(Immutability.OBJECT_LOCK));

        assertThat(conditional.signedBlock()).isEqualTo(new ImmutableStorage(true, "standard-30d"));
        assertThat(conditional.retainUntil(Instant.EPOCH)).isEmpty();
        assertThat(off.signedBlock()).isEqualTo(new ImmutableStorage(false, "standard-30d"));
        assertThat(off.immutability()).isEqualTo(Immutability.NONE);
    }

    @Test
    void classPeriodsAreReadFromTheirSuffix() {
        assertThat(EvidenceStorage.period("standard-30d")).contains(Period.ofDays(30));
        assertThat(EvidenceStorage.period("legal-10y")).contains(Period.ofYears(10));
        assertThat(EvidenceStorage.period("standard-0d")).isEmpty();
        assertThat(EvidenceStorage.period("30d")).isEmpty();
    }
}
