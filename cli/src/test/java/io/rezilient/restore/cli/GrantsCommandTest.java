package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.db.TestDatabase;
import io.rezilient.restore.db.TestDatabases;
import io.rezilient.restore.service.auth.PostgresCapabilityGrants;
import io.rezilient.restore.service.auth.ResourceScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.rezilient.restore.cli.ConformanceCommandTest.rez;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An admin grants, lists and revokes capabilities of token subjects with {@code rez grants}. */
class GrantsCommandTest {
    private static final String[] ACME = {"--tenant", "tenant-acme", "--instance", "sn-dev-01", "--source",
            "sn://acme-dev"};
    private static final ResourceScope ACME_SCOPE = new ResourceScope("tenant-acme", "sn-dev-01", "sn://acme-dev");
    private TestDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabases.createMigrated("GrantsCommandTest");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ConformanceCommandTest.Run grants(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "grants";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--url";
        all[args.length + 2] = database.jdbcUrl();
        return rez(all);
    }

    private ConformanceCommandTest.Run grants(String command, String[] scope, String... rest) {
        String[] args = new String[1 + scope.length + rest.length];
        args[0] = command;
        System.arraycopy(scope, 0, args, 1, scope.length);
        System.arraycopy(rest, 0, args, 1 + scope.length, rest.length);
        return grants(args);
    }

    private PostgresCapabilityGrants table() {
        return new PostgresCapabilityGrants(database.dataSource());
    }

    @Test
    void addListAndRemove() {
        var empty = grants("list");
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.output()).contains("SUBJECT").contains("(no capability grants)");

        var add = grants("add", ACME, "--subject", "alice", "--capabilities", "restore_execute,rrs.admin",
                "--actor", "admin-bob");
        assertThat(add.exitCode()).as(add.output()).isZero();
        assertThat(add.lines()).hasSize(3);
        assertThat(add.lines().get(1)).containsPattern("tenant-acme +sn-dev-01 +sn://acme-dev +alice +restore_execute"
                + " +\\S+ +admin-bob");
        assertThat(add.lines().get(2)).containsPattern("alice +rrs.admin .* admin-bob");
        assertThat(table().granted(ACME_SCOPE, "alice")).containsExactlyInAnyOrder(Capability.RESTORE_EXECUTE,
                Capability.ADMIN);

        grants("add", new String[]{"--tenant", "tenant-beta", "--instance", "sn-1", "--source", "sn://beta"},
                "--subject", "zed", "--capabilities", "restore_delete");
        var all = grants("list");
        assertThat(all.exitCode()).isZero();
        assertThat(all.lines()).hasSize(4);
        assertThat(all.lines().get(3)).containsPattern("tenant-beta +sn-1 +sn://beta +zed +restore_delete .* cli:");

        var acmeOnly = grants("list", ACME);
        assertThat(acmeOnly.exitCode()).as(acmeOnly.output()).isZero();
        assertThat(acmeOnly.lines()).hasSize(3).noneMatch(line -> line.contains("zed"));

        var remove = grants("remove", ACME, "--subject", "alice", "--capabilities", "rrs.admin,restore_delete");
        assertThat(remove.exitCode()).as(remove.output()).isZero();
        assertThat(remove.output()).contains("revoked rrs.admin from alice").contains("(not held: restore_delete)");
        assertThat(table().granted(ACME_SCOPE, "alice")).containsExactly(Capability.RESTORE_EXECUTE);
    }

    @Test
    void anUnknownCapabilityIsNamedAndNothingIsGranted() {
        var unknown = grants("add", ACME, "--subject", "alice", "--capabilities", "restore_execute,rrs.superuser");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown capability 'rrs.superuser'").contains("rrs.admin")
                .doesNotContain("\tat ");
        assertThat(table().list(Optional.empty())).isEmpty();
    }

    @Test
    void sloppyListsAndIncompleteScopesAreRefused() {
        var upper = grants("add", ACME, "--subject", "alice", "--capabilities", "RRS.ADMIN");
        assertThat(upper.exitCode()).isEqualTo(2);
        assertThat(upper.output()).contains("unknown capability 'RRS.ADMIN'");

        var emptyEntry = grants("add", ACME, "--subject", "alice", "--capabilities", "restore_execute,");
        assertThat(emptyEntry.exitCode()).isEqualTo(2);
        assertThat(emptyEntry.output()).contains("empty entry");

        var twice = grants("add", ACME, "--subject", "alice", "--capabilities", "rrs.admin,rrs.admin");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.output()).contains("rrs.admin twice");

        var noSource = grants("add", "--tenant", "t", "--instance", "i", "--subject", "alice", "--capabilities",
                "rrs.admin");
        assertThat(noSource.exitCode()).isEqualTo(2);
        assertThat(noSource.output()).contains("--source");

        var blankSubject = grants("add", ACME, "--subject", " ", "--capabilities", "rrs.admin");
        assertThat(blankSubject.exitCode()).isEqualTo(2);
        assertThat(blankSubject.output()).contains("invalid capability grant");

        var partialFilter = grants("list", "--tenant", "tenant-acme");
        assertThat(partialFilter.exitCode()).isEqualTo(2);
        assertThat(partialFilter.output()).contains("--instance").contains("--source");

        assertThat(table().list(Optional.empty())).isEmpty();
    }

    @Test
    void removingWhatIsNotHeldIsAnError() {
        grants("add", ACME, "--subject", "alice", "--capabilities", "restore_execute");

        var wrongSubject = grants("remove", ACME, "--subject", "alicia", "--capabilities", "restore_execute");
        assertThat(wrongSubject.exitCode()).isEqualTo(2);
        assertThat(wrongSubject.output().strip()).isEqualTo("rez remove: subject alicia holds none of restore_execute"
                + " in tenant tenant-acme instance sn-dev-01 source sn://acme-dev");
        assertThat(table().granted(ACME_SCOPE, "alice")).containsExactly(Capability.RESTORE_EXECUTE);
    }

    @Test
    void theParserAcceptsEveryWireValueAndSpacesAroundThem() {
        assertThat(GrantsCommand.parseCapabilities("restore_execute, restore_delete ,restore_override_caps,"
                + "restore_schema_override,rrs.admin")).containsExactlyInAnyOrder(Capability.values());
        assertThatThrownBy(() -> GrantsCommand.parseCapabilities(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty entry");
    }
}
