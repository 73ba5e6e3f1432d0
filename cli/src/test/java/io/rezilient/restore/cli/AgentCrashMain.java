package io.rezilient.restore.cli;

import com.zaxxer.hikari.HikariDataSource;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rezilient.restore.agent.client.ServiceUnreachableException;
import io.rezilient.restore.agent.crypto.BeforeImageIdentity;
import io.rezilient.restore.agent.crypto.BeforeImageSealer;
import io.rezilient.restore.agent.run.AgentListener;
import io.rezilient.restore.agent.run.AgentOptions;
import io.rezilient.restore.agent.run.JobRun;
import io.rezilient.restore.agent.run.Pauser;
import io.rezilient.restore.agent.run.RestoreAgent;
import io.rezilient.restore.agent.target.ChunkRequest;
import io.rezilient.restore.agent.target.ChunkResult;
import io.rezilient.restore.agent.target.ForwardingTargetWriter;
import io.rezilient.restore.agent.target.HeldTargetWriters;
import io.rezilient.restore.agent.target.PostgresTargetWriter;
import io.rezilient.restore.agent.target.RecordRef;
import io.rezilient.restore.agent.target.RowChange;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.contracts.restore.PlanRowAction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code rez agent run --job JOB} as a child process for {@link ExecutionCrashSafetyIT}, built as the command builds
 * it ({@link AgentCommand.Connection}'s service client and target pool, the tenant keyring, the agent's defaults),
 * plus one crash point. The claim it crashes on is the first at or after the {@code from}-th claim it applies that
 * inserts or deletes a record (so the target's state visibly changes with it); at the point it prints
 * {@value #CRASH_POINT}{@code <point> <claim_id> <table>/<sys_id>,…} on stdout and blocks until the test kills it:
 * <ul>
 *   <li>{@code a}: the claim was answered; nothing of it touched the target;</li>
 *   <li>{@code b}: inside the chunk's target transaction, every write and the ledger entry done, not committed;</li>
 *   <li>{@code c}: the target committed the chunk; the service has not been told;</li>
 *   <li>{@code d}: the service answered the chunk's commit.</li>
 * </ul>
 * Arguments: point, from, service URL, token file, target JDBC URL, target schema, keyring file, job id; or
 * {@code warm-up}, target JDBC URL, keyring file, tenant (see {@link #warmUp}).
 */
public final class AgentCrashMain {
    static final String CRASH_POINT = "CRASH-POINT ";
    static final String FINISHED = "FINISHED ";

    private AgentCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("warm-up")) {
            warmUp(args[1], Path.of(args[2]), args[3]);
            return;
        }
        String point = args[0];
        CrashPoint crash = new CrashPoint(point, Integer.parseInt(args[1]));
        AgentCommand.Connection connection = new AgentCommand.Connection();
        connection.service = args[2];
        connection.tokenFile = Path.of(args[3]);
        connection.target = args[4];
        connection.schema = args[5];
        Keyring keys = new KeyringFile(Path.of(args[6])).load();
        String jobId = args[7];
        try (HikariDataSource pool = connection.targetPool();
             PostgresTargetWriter writer = HeldTargetWriters.withBeforeCommit(pool, connection.schema,
                     new BeforeImageSealer(keys), crash::beforeCommit)) {
            // as `rez agent run` without --max-rows: the execution's chunk size, 2 s polls, 30 s longest backoff
            RestoreAgent agent = new RestoreAgent(connection.client(), crash.around(writer), keys,
                    new AgentOptions(null, Duration.ofSeconds(2), Duration.ofSeconds(30), true), crash,
                    Pauser.SLEEP);
            JobRun run = agent.run(jobId);
            System.out.println(FINISHED + AgentCommand.summary(run));
            System.out.flush();
        }
    }

    /**
     * Does what an agent does, minus a service, and exits: the JVM writes its class-data sharing archive at a normal
     * exit only, and every agent the test starts later is killed.
     */
    private static void warmUp(String target, Path keyring, String tenant) throws Exception {
        Path tokenFile = Files.createTempFile("rez-warm-up", ".token");
        try {
            Files.writeString(tokenFile, "warm-up");
            AgentCommand.Connection connection = new AgentCommand.Connection();
            connection.service = "http://127.0.0.1:9"; // nothing listens there
            connection.tokenFile = tokenFile;
            connection.target = target;
            connection.schema = PostgresTargetWriter.DEFAULT_SCHEMA;
            Keyring keys = new KeyringFile(keyring).load();
            BeforeImageSealer sealer = new BeforeImageSealer(keys);
            try (HikariDataSource pool = connection.targetPool();
                 PostgresTargetWriter writer = HeldTargetWriters.withBeforeCommit(pool, connection.schema, sealer,
                         (session, claimId) -> { })) {
                writer.appliedRows("warm-up", List.of("warm-up"));
                writer.states(List.of(new RecordRef("incident", "warm-up")));
                BeforeImageIdentity identity = BeforeImageIdentity.of(tenant, "warm-up", "warm-up", "incident",
                        "warm-up", "warm-up", "0".repeat(64), "warm-up", 1);
                sealer.open(identity, sealer.seal(identity, JsonNodeFactory.instance.objectNode().put("a", "b")));
                try {
                    connection.client().job("warm-up");
                } catch (ServiceUnreachableException expected) {
                    // as expected: no service
                }
                new RestoreAgent(connection.client(), writer, keys, AgentOptions.defaults(),
                        AgentListener.NONE, Pauser.SLEEP);
            }
        } finally {
            Files.deleteIfExists(tokenFile);
        }
        System.out.println(FINISHED + "warm-up");
        System.out.flush();
        System.exit(0);
    }

    /** Where to stop, and the claim to stop on once it is known. */
    private static final class CrashPoint implements AgentListener {
        private final String point;
        private final int from;
        private int applies;
        private volatile String claimId;
        private volatile String records;

        CrashPoint(String point, int from) {
            if (!point.matches("[abcd]")) {
                throw new IllegalArgumentException("crash point must be a, b, c or d, was " + point);
            }
            this.point = point;
            this.from = from;
        }

        TargetWriter around(TargetWriter writer) {
            return new ForwardingTargetWriter(writer) {
                @Override
                public ChunkResult apply(ChunkRequest chunk) {
                    boolean here = claimId == null && ++applies >= from && chunk.rows().stream()
                            .anyMatch(row -> row.action() == PlanRowAction.INSERT
                                    || row.action() == PlanRowAction.DELETE);
                    if (here) {
                        claimId = chunk.claimId();
                        records = chunk.rows().stream().map(RowChange::record)
                                .map(ref -> ref.table() + "/" + ref.sysId()).collect(Collectors.joining(","));
                        stopAt("a");
                    }
                    ChunkResult result = super.apply(chunk);
                    if (here) {
                        stopAt("c");
                    }
                    return result;
                }
            };
        }

        void beforeCommit(java.sql.Connection connection, String claim) throws InterruptedException {
            if (claim.equals(claimId)) {
                stopAt("b");
            }
        }

        /** Called once the service answered a commit; point d is the crash claim's. */
        @Override
        public void committed(String jobId, String committedClaimId) {
            if (committedClaimId.equals(claimId)) {
                stopAt("d");
            }
        }

        private void stopAt(String reached) {
            if (!reached.equals(point)) {
                return;
            }
            System.out.println(CRASH_POINT + point + " " + claimId + " " + records);
            System.out.flush();
            try {
                new CountDownLatch(1).await(); // until the test kills this process
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                Runtime.getRuntime().halt(3);
            }
        }
    }
}
