package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rezilient.restore.agent.client.RestoreServiceClient;
import io.rezilient.restore.agent.client.ServiceAnswer;
import io.rezilient.restore.agent.client.TokenSubject;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.reconcile.PlanReconciler;
import io.rezilient.restore.agent.rollback.RollbackRequester;
import io.rezilient.restore.agent.run.AgentListener;
import io.rezilient.restore.agent.run.AgentOptions;
import io.rezilient.restore.agent.run.AgentStoppedException;
import io.rezilient.restore.agent.run.JobRun;
import io.rezilient.restore.agent.run.Pauser;
import io.rezilient.restore.agent.run.RestoreAgent;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.db.PgUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code rez agent run|reconcile|rollback}: the restore agent against a PostgreSQL target (architecture §1 item 4, §7). It
 * claims rows from the restore service, opens them with the tenant keyring, applies them to the target and commits
 * the outcomes with the target's sealed before-images; the service never sees plaintext.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The restore agent: applies restore jobs to a target, and reconciles draft plans against it.",
        subcommands = {AgentCommand.Run.class, AgentCommand.Reconcile.class, AgentCommand.Rollback.class})
final class AgentCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the service is, who the agent is, and the target. */
    static final class Connection {
        @Option(names = "--service", paramLabel = "URL", defaultValue = "${env:REZ_SERVICE_URL:-http://127.0.0.1:3100}",
                description = "Restore service base URL (default: $REZ_SERVICE_URL, else http://127.0.0.1:3100).")
        String service;
        @Option(names = "--token-file", required = true, paramLabel = "FILE",
                description = "File holding the bearer token; read before every request, so it can be refreshed.")
        Path tokenFile;
        @Option(names = "--target", required = true, paramLabel = "JDBC-URL",
                description = "The target: jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD")
        String target;
        @Option(names = "--target-schema", paramLabel = "SCHEMA", defaultValue = PostgresTargetWriter.DEFAULT_SCHEMA,
                description = "Schema of the target tables (default: ${DEFAULT-VALUE}).")
        String schema;

        Supplier<String> token() {
            return () -> {
                try {
                    String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                    if (token.isEmpty()) {
                        throw new IllegalArgumentException("token file " + tokenFile + " is empty");
                    }
                    return token;
                } catch (IOException failed) {
                    throw new UncheckedIOException("cannot read token file " + tokenFile, failed);
                }
            };
        }

        RestoreServiceClient client() {
            return new RestoreServiceClient(URI.create(service), token());
        }

        HikariDataSource targetPool() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(PgUrl.parse(target).jdbcUrl());
            config.setPoolName("rez-agent-target");
            config.setMaximumPoolSize(4);
            // a claim's ledger rows (and its inserts) go as multi-row INSERTs rather than one per row
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.setInitializationFailTimeout(1);
            try {
                return new HikariDataSource(config);
            } catch (RuntimeException failed) {
                throw new IllegalArgumentException("cannot connect to the target " + PgUrl.parse(target).redacted()
                        + ": " + rootMessage(failed), failed);
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Work restore jobs until they are terminal: claim rows, decrypt, apply to the target,"
                    + " commit outcomes and before-images.",
                    "Without --job, works every running job of the token's scope, oldest first."})
    static final class Run implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Connection connection;
        @Mixin
        private KeyringOption keyring;
        @Option(names = "--job", paramLabel = "JOB_ID", description = "Work only this job.")
        private String job;
        @Option(names = "--max-rows", paramLabel = "N", description = "Rows per claim, 1..1000 (default: the"
                + " execution's chunk size).")
        private Integer maxRows;
        @Option(names = "--follow", description = "Keep waiting for new running jobs instead of exiting.")
        private boolean follow;
        @Option(names = "--poll-seconds", paramLabel = "S", defaultValue = "2",
                description = "Wait between polls while a job is paused, queued or claimed by another agent.")
        private int pollSeconds;
        @Option(names = "--no-progress", description = "Do not draw the progress bar.")
        private boolean noProgress;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Keyring keys = keyring.file().load();
            RestoreServiceClient client = connection.client();
            BeforeImageSealer sealer = new BeforeImageSealer(keys);
            try (HikariDataSource pool = connection.targetPool();
                 PostgresTargetWriter target = new PostgresTargetWriter(pool, connection.schema, sealer)) {
                AgentProgressBar bar = new AgentProgressBar(TerminalProgressBar.forConsole(!noProgress, "rows"));
                RestoreAgent agent = new RestoreAgent(client, target, keys,
                        new AgentOptions(maxRows, Duration.ofSeconds(Math.max(1, pollSeconds)), Duration.ofSeconds(30),
                                true), bar, Pauser.SLEEP);
                List<JobRun> runs = new ArrayList<>();
                Set<String> done = new LinkedHashSet<>();
                try {
                    do {
                        List<String> jobs = job != null ? List.of(job) : runningJobs(client, done);
                        for (String jobId : jobs) {
                            out.println("working job " + jobId);
                            out.flush();
                            JobRun run = agent.run(jobId);
                            bar.finish();
                            out.println(summary(run));
                            out.flush();
                            runs.add(run);
                            done.add(jobId);
                        }
                        if (job != null) {
                            break;
                        }
                        if (follow) {
                            Pauser.SLEEP.pause(Duration.ofSeconds(Math.max(1, pollSeconds)));
                        }
                    } while (follow);
                } catch (AgentStoppedException stopped) {
                    bar.finish();
                    spec.commandLine().getErr().println("rez agent: stopped: " + stopped.getMessage());
                    return 2;
                }
                if (runs.isEmpty()) {
                    out.println("no running job in the token's scope");
                }
                return runs.stream().allMatch(JobRun::completed) ? 0 : 1;
            }
        }

        private static List<String> runningJobs(RestoreServiceClient client, Set<String> done) {
            ServiceAnswer answer = client.runningJobs();
            if (!answer.ok()) {
                throw new AgentStoppedException("cannot list running jobs: " + answer.describe());
            }
            List<String> jobs = new ArrayList<>();
            for (JsonNode job : answer.body().path("jobs")) {
                String id = job.path("job_id").asText();
                if (!done.contains(id)) {
                    jobs.add(id);
                }
            }
            return jobs;
        }
    }

    /** The line printed when a job ends. */
    static String summary(JobRun run) {
        double seconds = Math.max(0.001, run.took().toNanos() / 1e9);
        long processed = run.applied() + run.skipped() + run.failed();
        return String.format(Locale.ROOT, "job %s %s: %d rows planned, %d applied, %d skipped (%d conflicts), %d failed;"
                        + " %d claims, %d row fallbacks; %.1f s (%.0f rows/s)", run.jobId(), run.status(), run.planned(),
                run.applied(), run.skipped(), run.conflicts(), run.failed(), run.claims(), run.rowFallbacks(), seconds,
                processed / seconds);
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = "Finalise a draft plan from the target: report, for each of its records, whether the target"
                    + " has it.")
    static final class Reconcile implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Connection connection;
        @Option(names = "--plan", required = true, paramLabel = "PLAN_ID")
        private String plan;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (HikariDataSource pool = connection.targetPool();
                 PostgresTargetWriter target = new PostgresTargetWriter(pool, connection.schema,
                         new BeforeImageSealer(Keyring.empty()))) {
                String subject = TokenSubject.of(connection.token().get());
                PlanReconciler.Reconciled done = new PlanReconciler(connection.client(), target)
                        .reconcile(plan, subject);
                if (done.alreadyFinalized()) {
                    out.println("plan " + plan + " is already finalised; nothing to reconcile");
                } else {
                    JsonNode answer = done.answer().body();
                    out.println("plan " + plan + " finalised: " + done.exists() + " record(s) on the target, "
                            + done.missing() + " missing; plan_hash " + answer.path("plan").path("plan_hash").asText()
                            + ", gate " + answer.path("gate").path("executability").asText() + " ("
                            + answer.path("gate").path("reason_code").asText() + "), actions "
                            + answer.path("plan").path("action_counts"));
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Undo a completed or failed job from its rollback journal: read the current state of every"
                    + " journaled record on the target and ask the service for an undo job, which 'agent run --job'"
                    + " then executes like any job.",
                    "A record changed on the target since the restore blocks the undo (exit 2) until it is resolved:"
                            + " --resolve ROW_ID=overwrite undoes it anyway, --resolve ROW_ID=skip leaves it out."})
    static final class Rollback implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Connection connection;
        @Option(names = "--job", required = true, paramLabel = "JOB_ID", description = "The job to undo.")
        private String job;
        @Option(names = "--resolve", paramLabel = "ROW_ID=overwrite|skip",
                description = "Resolve a blocking row (repeatable): overwrite undoes it although its record changed"
                        + " since the restore; skip leaves it out of the undo.")
        private List<String> resolve = new ArrayList<>();
        @Option(names = "--plan-id", paramLabel = "PLAN_ID",
                description = "Id of the undo plan (default: undo-<job>-<n>, chosen by the service).")
        private String planId;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> resolutions = new LinkedHashMap<>();
            for (String given : resolve) {
                int at = given.lastIndexOf('=');
                String resolution = at < 0 ? "" : given.substring(at + 1);
                if (at <= 0 || !(resolution.equals("overwrite") || resolution.equals("skip"))) {
                    throw new IllegalArgumentException("--resolve takes ROW_ID=overwrite or ROW_ID=skip, was "
                            + given);
                }
                resolutions.put(given.substring(0, at), resolution);
            }
            try (HikariDataSource pool = connection.targetPool();
                 PostgresTargetWriter target = new PostgresTargetWriter(pool, connection.schema,
                         new BeforeImageSealer(Keyring.empty()))) {
                RollbackRequester.Requested requested = new RollbackRequester(connection.client(), target)
                        .request(job, resolutions, Optional.ofNullable(planId));
                ServiceAnswer answer = requested.answer();
                JsonNode body = answer.body();
                if (answer.ok()) {
                    JsonNode undo = body.path("job");
                    out.println("rollback of job " + job + ": read " + requested.records() + " journaled record(s)"
                            + " on the target (" + requested.existing() + " exist)");
                    out.println("undo job " + undo.path("job_id").asText() + " " + undo.path("status").asText()
                            + "; plan " + body.path("plan").path("plan_id").asText() + " plan_hash "
                            + body.path("plan").path("plan_hash").asText() + ", actions "
                            + body.path("plan").path("action_counts"));
                    out.println("run it: rez agent run --job " + undo.path("job_id").asText() + " --service "
                            + connection.service + " --token-file " + connection.tokenFile + " --target <JDBC-URL>");
                    out.flush();
                    return 0;
                }
                err.println("rez agent rollback: refused: " + answer.describe());
                printRows(err, "changed since the restore", body.path("changed_rows"), body.path("changed_row_count"));
                printRows(err, "without a before-image", body.path("unavailable_rows"),
                        body.path("unavailable_row_count"));
                JsonNode missing = body.path("missing_records");
                for (JsonNode record : missing) {
                    err.println("  not reported: " + record.path("table").asText() + "/"
                            + record.path("record_sys_id").asText());
                }
                if (body.path("changed_rows").size() > 0 || body.path("unavailable_rows").size() > 0) {
                    err.println("resolve each row and run again, e.g.: --resolve "
                            + firstRowId(body) + "=" + (body.path("unavailable_rows").size() > 0 ? "skip"
                            : "overwrite") + "   (overwrite: undo anyway, losing the later change; skip: leave"
                            + " it out)");
                }
                err.flush();
                return answer.status() == 409 ? 2 : 1;
            }
        }

        private static void printRows(PrintWriter err, String what, JsonNode rows, JsonNode count) {
            if (rows.isEmpty()) {
                return;
            }
            err.println(count.asInt(rows.size()) + " row(s) " + what + ":");
            for (JsonNode row : rows) {
                StringBuilder line = new StringBuilder("  " + row.path("row_id").asText() + "  "
                        + row.path("table").asText() + "/" + row.path("record_sys_id").asText() + "  restore "
                        + row.path("restore_action").asText());
                if (row.has("expected_state")) {
                    line.append(", expected ").append(row.path("expected_state").asText()).append(", found ")
                            .append(row.path("found_state").asText());
                    if (row.hasNonNull("found_fingerprint") && row.hasNonNull("expected_fingerprint")) {
                        line.append(" (fingerprint changed)");
                    }
                }
                if (row.has("before_image_source")) {
                    line.append(", before-image ").append(row.path("before_image_source").asText());
                    if (row.has("pruned_at")) {
                        line.append(" pruned at ").append(row.path("pruned_at").asText());
                    }
                }
                err.println(line);
            }
        }

        private static String firstRowId(JsonNode body) {
            JsonNode first = body.path("unavailable_rows").size() > 0 ? body.path("unavailable_rows").get(0)
                    : body.path("changed_rows").get(0);
            return first.path("row_id").asText();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
