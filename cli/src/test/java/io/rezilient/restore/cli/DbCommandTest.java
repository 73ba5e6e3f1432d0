package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/** An operator prepares a database with {@code rez db migrate} and services check it with {@code rez db verify}. */
class DbCommandTest {
    private TestDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabases.create("DbCommandTest");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void verifyFailsClosedUntilMigrateHasRun() {
        var before = rez("db", "verify", "--url", database.jdbcUrl());
        assertThat(before.exitCode()).isNotZero();
        assertThat(before.output()).contains("rez db migrate");

        var migrate = rez("db", "migrate", "--url", database.jdbcUrl());
        assertThat(migrate.exitCode()).isZero();
        assertThat(migrate.output()).contains("applied V1").contains("schema version");

        var after = rez("db", "verify", "--url", database.jdbcUrl());
        assertThat(after.exitCode()).isZero();

        var again = rez("db", "migrate", "--url", database.jdbcUrl());
        assertThat(again.exitCode()).isZero();
        assertThat(again.output()).doesNotContain("applied V1");
    }

    @Test
    void aBadUrlIsAClearErrorNotAStackTrace() {
        var run = rez("db", "migrate", "--url", "postgres://not-a-jdbc-url");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).doesNotContain("\tat ");
    }
}
