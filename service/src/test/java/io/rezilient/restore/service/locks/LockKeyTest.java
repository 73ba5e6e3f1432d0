package io.rezilient.restore.service.locks;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockKeyTest {
    private static final JobRef JOB = new JobRef("job-1", "acme", "prod", "sn");

    @Test
    void tablesAreTrimmedDeduplicatedAndSortedByteWise() {
        assertThat(LockKey.normalizeTables(List.of(" problem", "incident ", "problem", "\tincident", "Zeta", "alpha")))
                .containsExactly("Zeta", "alpha", "incident", "problem");
    }

    @Test
    void blankEntriesAreDroppedButSomethingMustRemain() {
        assertThat(LockKey.normalizeTables(List.of("", "  ", "task"))).containsExactly("task");
        assertThatThrownBy(() -> LockKey.normalizeTables(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockKey.normalizeTables(List.of(" ", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one table");
        assertThatThrownBy(() -> LockKey.normalizeTables(Arrays.asList("task", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void keysCarryTheJobsScopeIncludingTheSource() {
        List<LockKey> keys = LockKey.of(JOB, List.of("problem", "incident"));

        assertThat(keys).containsExactly(new LockKey("acme", "prod", "sn", "incident"),
                new LockKey("acme", "prod", "sn", "problem"));
        assertThat(keys.getFirst().name()).isEqualTo("acme|prod|sn|incident");
        assertThat(new LockKey("acme", "prod", "sn", "incident"))
                .isNotEqualTo(new LockKey("acme", "prod", "sn2", "incident"));
    }

    @Test
    void keyAndJobPartsMustNotBeBlank() {
        assertThatThrownBy(() -> new LockKey("acme", "prod", " ", "incident")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LockKey("acme", null, "sn", "incident")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobRef("", "acme", "prod", "sn")).isInstanceOf(IllegalArgumentException.class);
    }
}
