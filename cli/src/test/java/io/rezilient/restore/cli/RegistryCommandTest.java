package io.rezilient.restore.cli;

import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;

/** An admin maps an instance to its source, suspends it, lists and removes it with {@code rez registry}. */
class RegistryCommandTest {
    private TestDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabases.createMigrated("RegistryCommandTest");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ConformanceCommandTest.Run registry(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "registry";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--url";
        all[args.length + 2] = database.jdbcUrl();
        return rez(all);
    }

    @Test
    void addListSetStateAndRemove() {
        var empty = registry("list");
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.output()).contains("TENANT").contains("(no source mappings)");

        var add = registry("add", "--tenant", "tenant-acme", "--instance", "sn-dev-01", "--source", "sn://acme-dev",
                "--actor", "alice");
        assertThat(add.exitCode()).as(add.output()).isZero();
        assertThat(add.output()).containsPattern("tenant-acme +sn-dev-01 +sn://acme-dev +active +active +active +rrs .* alice");

        var suspend = registry("set-state", "--tenant", "tenant-acme", "--instance", "sn-dev-01",
                "--instance-state", "suspended", "--actor", "bob");
        assertThat(suspend.exitCode()).as(suspend.output()).isZero();
        assertThat(suspend.output()).containsPattern("sn://acme-dev +active +active +suspended +rrs .* bob");

        registry("add", "--tenant", "tenant-acme", "--instance", "sn-prod-01", "--source", "sn://acme-prod",
                "--services", "rrs,reg", "--tenant-state", "disabled");
        var list = registry("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.lines()).hasSize(3);
        assertThat(list.lines().get(1)).contains("sn-dev-01").contains("suspended");
        assertThat(list.lines().get(2)).containsPattern("sn://acme-prod +disabled +active +active +rrs,reg ");

        var remove = registry("remove", "--tenant", "tenant-acme", "--instance", "sn-dev-01");
        assertThat(remove.exitCode()).isZero();
        assertThat(registry("list").output()).doesNotContain("sn-dev-01");
    }

    @Test
    void mistakesAreOneLineErrorsWithExitCode2() {
        registry("add", "--tenant", "t", "--instance", "i", "--source", "s");

        var duplicate = registry("add", "--tenant", "t", "--instance", "i", "--source", "other");
        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(duplicate.output().strip()).isEqualTo("rez add: tenant t instance i already has a source mapping;"
                + " remove it first to map it to another source");

        var unknown = registry("set-state", "--tenant", "t", "--instance", "nope", "--tenant-state", "active");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("has no source mapping").doesNotContain("\tat ");

        var nothingToChange = registry("set-state", "--tenant", "t", "--instance", "i");
        assertThat(nothingToChange.exitCode()).isEqualTo(2);
        assertThat(nothingToChange.output()).contains("name at least one state");

        var badState = registry("set-state", "--tenant", "t", "--instance", "i", "--tenant-state", "paused");
        assertThat(badState.exitCode()).isEqualTo(2);
        assertThat(badState.output()).contains("active, suspended or disabled");

        var missing = registry("remove", "--tenant", "t", "--instance", "nope");
        assertThat(missing.exitCode()).isEqualTo(2);
    }
}
