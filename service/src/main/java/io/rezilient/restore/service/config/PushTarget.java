package io.rezilient.restore.service.config;

import io.rezilient.restore.db.PgUrl;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where push mode restores to and with which keys: what the CLI builds the in-process agent from.
 *
 * @param target      {@code RRS_EXECUTE_TARGET_JDBC_URL}: the PostgreSQL target (its URL may carry a password)
 * @param keyringFile {@code REZ_KEYRING_FILE}: the tenant keyring that opens the plan's values and seals before-images
 */
public record PushTarget(PgUrl target, Path keyringFile) {
    public PushTarget {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(keyringFile, "keyringFile");
    }
}
