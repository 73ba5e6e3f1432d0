package io.rezilient.restore.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** rez's home: {@code REZ_HOME} when set (trimmed), else {@code .rez} in the working directory. */
class ProjectHomeTest {
    @Test
    void rezHomeIsHonouredAndTheClusterLivesInItsPgDirectory() {
        Path home = ProjectHome.root(Map.of("REZ_HOME", " /srv/rez-state/ "));

        assertThat(home).isEqualTo(Path.of("/srv/rez-state"));
        assertThat(ProjectHome.cluster(Path.of("/srv/other")).home()).isEqualTo(Path.of("/srv/other/pg"));
    }

    @Test
    void withoutRezHomeItIsDotRezInTheWorkingDirectory() {
        Path expected = Path.of(".rez").toAbsolutePath().normalize();

        assertThat(ProjectHome.root(Map.of())).isEqualTo(expected);
        assertThat(ProjectHome.root(Map.of("REZ_HOME", "  "))).isEqualTo(expected);
    }
}
