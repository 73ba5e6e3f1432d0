package io.rezilient.restore.service.index;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CandidateQueryTest {
    private static final IndexScope SCOPE = new IndexScope(" t ", "i", "s");
    private static final Instant CUTOFF = Instant.parse("2026-02-16T12:30:00Z");

    @Test
    void normalisesTablesAndRecords() {
        CandidateQuery query = CandidateQuery.records(SCOPE, List.of("problem", " incident", "incident", " "),
                List.of("b", "a ", "b"), CUTOFF);

        assertThat(query.scope().tenantId()).isEqualTo("t");
        assertThat(query.tables()).containsExactly("incident", "problem");
        assertThat(query.recordSysIds()).contains(List.of("a", "b"));
        assertThat(query.includeEventsAfterPit()).isFalse();
        assertThat(query.withEventsAfterPit().includeEventsAfterPit()).isTrue();
    }

    @Test
    void rejectsEmptyTablesOrAnEmptyRecordFilterAndABlankScope() {
        assertThatThrownBy(() -> CandidateQuery.tables(SCOPE, List.of(" "), CUTOFF))
                .hasMessage("indexed-event lookup tables must contain at least one value");
        assertThatThrownBy(() -> CandidateQuery.records(SCOPE, List.of("incident"), List.of(""), CUTOFF))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexScope("t", " ", "s")).isInstanceOf(IllegalArgumentException.class);
    }
}
