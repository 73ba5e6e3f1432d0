package io.rezilient.restore.objectstore.fs;

import io.rezilient.restore.objectstore.Immutability;
import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Write-once objects on a filesystem store: an exclusive link, never a replace, and no pretend retention. */
class FileSystemCreateTest {
    @Test
    void aKeyIsCreatedOnceAndNeverReplacedAndNoTempFileIsLeft(@TempDir Path root) throws Exception {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        byte[] first = "first".getBytes(UTF_8);
        byte[] second = "second".getBytes(UTF_8);

        assertThat(store.immutability("evidence/.probe")).isEqualTo(Immutability.CONDITIONAL_CREATE);
        assertThat(store.create("e/a.json", () -> new ByteArrayInputStream(first), first.length, null,
                Optional.empty())).isTrue();
        assertThat(store.create("e/a.json", () -> new ByteArrayInputStream(second), second.length, null,
                Optional.empty())).isFalse();

        assertThat(store.get("e/a.json")).hasValue(first);
        try (Stream<Path> files = Files.list(root.resolve("e"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("a.json");
        }
    }

    @Test
    void contentShorterThanDeclaredCreatesNothing(@TempDir Path root) {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        byte[] bytes = "abc".getBytes(UTF_8);

        assertThatThrownBy(() -> store.create("e/short", () -> new ByteArrayInputStream(bytes), 10, null,
                Optional.empty())).isInstanceOf(PermanentObjectStoreException.class).hasMessageContaining("3 bytes");
        assertThat(store.get("e/short")).isEmpty();
    }

    @Test
    void aRetentionIsRefusedBecauseAFilesystemCannotLock(@TempDir Path root) {
        FileSystemObjectStore store = new FileSystemObjectStore(root);
        byte[] bytes = "abc".getBytes(UTF_8);

        assertThatThrownBy(() -> store.create("e/locked", () -> new ByteArrayInputStream(bytes), 3, null,
                Optional.of(Instant.now()))).isInstanceOf(PermanentObjectStoreException.class)
                .hasMessageContaining("no retention lock");
    }
}
