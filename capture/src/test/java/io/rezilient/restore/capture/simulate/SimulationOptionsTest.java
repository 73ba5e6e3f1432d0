package io.rezilient.restore.capture.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationOptionsTest {

    @Test
    void recordsAreSharedOutByWeightWithAtLeastOnePerTable() {
        SimulationOptions options = SimulationOptions.builder().records(100).events(1000).build();

        // 4 records go one per table, the other 96 by weight 45:10:20:25 (floors 43, 9, 19, 24; the one left
        // over goes to problem, whose 9.6 has the largest remainder).
        assertThat(options.recordsPerTable()).containsEntry("incident", 44).containsEntry("problem", 11)
                .containsEntry("cmdb_ci", 20).containsEntry("sys_attachment", 25);
        assertThat(options.recordsPerTable().keySet()).containsExactly("incident", "problem", "cmdb_ci", "sys_attachment");
        assertThat(SimulationOptions.builder().tables(List.of("cmdb_ci", "incident")).records(2).events(4).build()
                .recordsPerTable()).containsEntry("cmdb_ci", 1).containsEntry("incident", 1);
    }

    @Test
    void badOptionsAreExplainedNamingTheOption() {
        assertThatThrownBy(() -> SimulationOptions.builder().tables(List.of("incident", "change_request")).build())
                .hasMessage("--tables: unknown table 'change_request'; supported: incident,problem,cmdb_ci,sys_attachment");
        assertThatThrownBy(() -> SimulationOptions.builder().tables(List.of("sys_attachment", "cmdb_ci")).build())
                .hasMessage("--tables: sys_attachment needs a parent table, add incident or problem");
        assertThatThrownBy(() -> SimulationOptions.builder().records(100).events(120).build())
                .hasMessageStartingWith("--events must be at least 129 for 100 records in 4 tables");
        assertThatThrownBy(() -> SimulationOptions.builder().records(2).build())
                .hasMessage("--records must be at least 4 (one per table), got 2");
        assertThatThrownBy(() -> SimulationOptions.builder().partitions(0).build())
                .hasMessageContaining("--partitions must be between 1 and 1024");
        assertThatThrownBy(() -> SimulationOptions.builder().tenant(" ").build()).hasMessage("--tenant must be non-blank");
        assertThatThrownBy(() -> SimulationOptions.builder().days(0).build()).hasMessageContaining("--days must be positive");
        assertThatThrownBy(() -> SimulationOptions.builder().prefix("/").build()).hasMessageContaining("prefix must be non-empty");
    }
}
