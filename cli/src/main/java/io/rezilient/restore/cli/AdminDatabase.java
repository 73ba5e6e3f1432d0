package io.rezilient.restore.cli;

import io.rezilient.restore.db.PgUrl;
import picocli.CommandLine.Option;

/**
 * The {@code --url} option of the admin commands that change the service's own tables ({@code rez registry},
 * {@code rez grants}): the URL must carry a user that may write them, which neither service role may.
 */
abstract class AdminDatabase {
    @Option(names = "--url", paramLabel = "JDBC-URL", defaultValue = "${env:REZ_RESTORE_PG_URL}",
            description = {"jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD",
                    "(default: $REZ_RESTORE_PG_URL, else the local cluster of `rez pg start`, when it runs)"})
    private String url;

    PgUrl database() {
        return DatabaseUrl.resolve(url,
                "no --url given, REZ_RESTORE_PG_URL is not set and the local PostgreSQL is not running");
    }
}
