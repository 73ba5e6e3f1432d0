package io.rezilient.restore.agent.seed;

import io.rezilient.restore.capture.keys.KeyringFile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What to seed.
 *
 * @param truthFile a ground-truth file written by {@code rez capture simulate}
 * @param keyring   the keyring the agent will restore into this target with; it must hold the truth's tenant
 * @param at        the time whose record states are loaded; empty for the latest (after the last event)
 * @param replace   drop and recreate tables that already exist, instead of refusing
 */
public record SeedRequest(Path truthFile, KeyringFile keyring, Optional<Instant> at, boolean replace) {
    public SeedRequest {
        Objects.requireNonNull(truthFile, "truthFile");
        Objects.requireNonNull(keyring, "keyring");
        Objects.requireNonNull(at, "at");
    }
}
