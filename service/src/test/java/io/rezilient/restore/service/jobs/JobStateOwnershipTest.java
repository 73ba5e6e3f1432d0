package io.rezilient.restore.service.jobs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Job state has one owner: no production class but {@link JobStateMachine} writes a row of {@code rez_restore.jobs}
 * (a second writer would be a transition outside the table of {@link JobTransition}, without its event).
 */
class JobStateOwnershipTest {
    private static final Pattern WRITES_JOBS =
            Pattern.compile("(?i)(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+rez_restore\\.jobs\\b");
    private static final Path SOURCES = Path.of("src", "main", "java");

    @Test
    void onlyTheStateMachineWritesJobRows() throws IOException {
        List<String> writers;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            writers = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> WRITES_JOBS.matcher(read(file)).find())
                    .map(file -> file.getFileName().toString()).sorted().toList();
        }
        assertThat(writers).containsExactly("JobStateMachine.java");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
