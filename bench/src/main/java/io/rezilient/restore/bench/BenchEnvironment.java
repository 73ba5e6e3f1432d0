package io.rezilient.restore.bench;

import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.db.local.LocalPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a service benchmark runs in: a throwaway local PostgreSQL and a temporary work directory, both gone after
 * {@link #close()}.
 */
final class BenchEnvironment implements AutoCloseable {
    private final LocalPostgres postgres;
    private final PgUrl server;
    private final Path work;

    private BenchEnvironment(LocalPostgres postgres, PgUrl server, Path work) {
        this.postgres = postgres;
        this.server = server;
        this.work = work;
    }

    static BenchEnvironment start(String workPrefix) throws IOException {
        return start(workPrefix, false);
    }

    /**
     * @param statementStatistics load {@code pg_stat_statements} (a restart: the module must be preloaded), so a
     *                            benchmark can report where the server's time went ({@link StatementStatistics})
     */
    static BenchEnvironment start(String workPrefix, boolean statementStatistics) throws IOException {
        LocalPostgres postgres = LocalPostgres.throwaway();
        PgUrl server = PgUrl.parse(postgres.start());
        try {
            if (statementStatistics) {
                StatementStatistics.preload(server);
                postgres.stop();
                server = PgUrl.parse(postgres.start());
                StatementStatistics.install(server);
            }
            return new BenchEnvironment(postgres, server, Files.createTempDirectory(workPrefix));
        } catch (IOException | RuntimeException failure) {
            postgres.destroy();
            throw failure;
        }
    }

    PgUrl server() {
        return server;
    }

    Path work() {
        return work;
    }

    @Override
    public void close() throws IOException {
        try {
            BenchReports.deleteRecursively(work);
        } finally {
            postgres.destroy();
        }
    }
}
