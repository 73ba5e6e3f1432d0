package io.rezilient.restore.cli;

import io.rezilient.restore.agent.seed.SeedRequest;
import io.rezilient.restore.agent.seed.SeedResult;
import io.rezilient.restore.agent.seed.TargetSeeder;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.db.PgUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rez target seed}: stands up a PostgreSQL restore target from a capture ground-truth file — the tables of the
 * captured schema, loaded with every record's state at a point in time. What the demo, the tests and an evaluator use
 * to have a target to damage and restore.
 */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = "Restore targets: create one from a capture ground-truth file.",
        subcommands = {TargetCommand.Seed.class})
final class TargetCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "seed", mixinStandardHelpOptions = true,
            description = {"Create the captured tables on a PostgreSQL target (keyed by sys_id, one TEXT column per"
                    + " captured field) and load each record's state at --at (default: the latest).",
                    "Example: rez target seed --target 'jdbc:postgresql://127.0.0.1:5432/target?user=rez'"
                            + " --truth .rez/ground-truth/tenant-acme-acme-dev-seed42.jsonl"})
    static final class Seed implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private KeyringOption keyring;
        @Option(names = "--target", required = true, paramLabel = "JDBC-URL",
                description = "jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD")
        private String target;
        @Option(names = "--target-schema", paramLabel = "SCHEMA", defaultValue = PostgresTargetWriter.DEFAULT_SCHEMA,
                description = "Schema to create the tables in (default: ${DEFAULT-VALUE}).")
        private String schema;
        @Option(names = "--truth", required = true, paramLabel = "FILE",
                description = "Ground-truth file of `rez capture simulate --truth` (plaintext: keep it local).")
        private Path truth;
        @Option(names = "--at", paramLabel = "ISO-TIME", description = "Load the records as they were at this time"
                + " (ISO UTC); default: after the last captured event.")
        private String at;
        @Option(names = "--replace", description = "Drop and recreate tables that already exist.")
        private boolean replace;

        @Override
        public Integer call() {
            Optional<Instant> when = Optional.empty();
            if (at != null) {
                when = Optional.of(IsoUtc.parse(at).orElseThrow(() -> new IllegalArgumentException(
                        "--at: " + IsoUtc.RULE_MESSAGE + ", was " + at)));
            }
            PgUrl url = PgUrl.parse(target);
            SeedResult result = new TargetSeeder(url.dataSource(), schema)
                    .seed(new SeedRequest(truth, keyring.file(), when, replace));
            PrintWriter out = spec.commandLine().getOut();
            out.println("seeded " + url.redacted() + " schema " + result.schema() + " with the records as of "
                    + IsoUtc.format(result.at()) + ":");
            for (Map.Entry<String, Integer> table : result.rowsByTable().entrySet()) {
                out.printf("  %-24s %,d rows%n", table.getKey(), table.getValue());
            }
            out.printf("  %-24s %,d rows%n", "total", result.totalRows());
            out.flush();
            return 0;
        }
    }
}
