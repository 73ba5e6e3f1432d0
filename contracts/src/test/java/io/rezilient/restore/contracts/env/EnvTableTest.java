package io.rezilient.restore.contracts.env;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvTableTest {
    private static final EnvVar<String> USED = new EnvVar<>("A_USED", "x", v -> v, "Does a thing.");
    private static final EnvVar<String> UNUSED = new EnvVar<>("B_UNUSED", null, v -> v, "Will do | a thing.")
            .notUsedYet();
    private static final List<EnvVar<?>> BOTH = List.of(USED, UNUSED);

    @Test
    void aVariableIsActiveUnlessMarkedAndMarkingKeepsEverythingElse() {
        assertThat(USED.use()).isEqualTo(EnvVar.Use.ACTIVE);
        assertThat(USED.usedYet()).isTrue();
        assertThat(UNUSED.usedYet()).isFalse();
        assertThat(UNUSED.name()).isEqualTo("B_UNUSED");
        assertThat(UNUSED.description()).isEqualTo("Will do | a thing.");
        assertThat(UNUSED.read(Map.of("B_UNUSED", " v "), new java.util.ArrayList<>()))
                .as("an unused variable is still parsed, so a bad value is still refused").isEqualTo("v");
    }

    @Test
    void theTableMarksExactlyTheUnusedVariables() {
        assertThat(EnvTable.markdown(BOTH)).isEqualTo("""
                | Variable | Default | Description |
                |---|---|---|
                | `A_USED` | `x` | Does a thing. |
                | `B_UNUSED` | — | Accepted for compatibility, not used yet. Will do \\| a thing. |
                """);
    }

    @Test
    void theLogListsTheUnusedVariablesAndThoseSetAnyway() {
        assertThat(EnvTable.notUsedYet(BOTH)).containsExactly("B_UNUSED");
        assertThat(EnvTable.setButNotUsedYet(BOTH, Map.of("A_USED", "1"))).isEmpty();
        assertThat(EnvTable.setButNotUsedYet(BOTH, Map.of("B_UNUSED", "  "))).as("blank is unset").isEmpty();
        assertThat(EnvTable.setButNotUsedYet(BOTH, Map.of("A_USED", "1", "B_UNUSED", "7")))
                .containsExactly("B_UNUSED");
    }
}
