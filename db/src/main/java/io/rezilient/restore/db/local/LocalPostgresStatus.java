package io.rezilient.restore.db.local;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code rez pg status} reports.
 *
 * @param running whether the server is up
 * @param port    its port when running (else the last one used, if known)
 * @param dataDir its data directory, empty before the first start
 * @param jdbcUrl the URL to connect with, present only when running and the credentials are known
 */
public record LocalPostgresStatus(boolean running, OptionalInt port, Optional<Path> dataDir, Optional<String> jdbcUrl) {
}
