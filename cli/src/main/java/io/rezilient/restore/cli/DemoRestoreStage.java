package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.rollback.RollbackRequester;
import io.rezilient.restore.agent.run.AgentOptions;
import io.rezilient.restore.agent.run.JobRun;
import io.rezilient.restore.agent.run.Pauser;
import io.rezilient.restore.agent.run.RestoreAgent;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.truth.GroundTruth;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.time.IsoUtc;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The demo's restore stage: a job for the finalised plan, its execution armed, the restore agent applying it to the
 * target (claims, decryption with the tenant keyring, one transaction per chunk, before-images) with a progress bar;
 * then the row outcomes, checkpoint and rollback journal as the service records them, and the proof: the target's
 * damaged records equal the ground truth at the PIT again.
 */
final class DemoRestoreStage {
    private final PrintWriter out;
    private final DemoService service;
    private final DemoPlanStage.FinalPlan plan;
    private final TargetWriter writer;
    private final Keyring keyring;
    private final Function<String, TerminalProgressBar> progressBars;

    DemoRestoreStage(PrintWriter out, DemoService service, DemoPlanStage.FinalPlan plan, TargetWriter writer,
                     Keyring keyring, Function<String, TerminalProgressBar> progressBars) {
        this.out = out;
        this.service = service;
        this.plan = plan;
        this.writer = writer;
        this.keyring = keyring;
        this.progressBars = progressBars;
    }

    /** The job's id when the restore ran to {@code completed}; null (after printing why) otherwise. */
    String run() throws InterruptedException {
        if (!"executable".equals(plan.executability())) {
            out.println("the plan's gate is " + plan.executability() + " and the service takes jobs only for an"
                    + " executable plan; nothing restored");
            return null;
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("tenant_id", DemoCommand.TENANT).put("instance_id", DemoCommand.INSTANCE)
                .put("source", DemoCommand.SOURCE).put("plan_id", plan.planId()).put("plan_hash", plan.planHash())
                .put("requested_by", DemoService.OPERATOR);
        plan.tables().forEach(body.putArray("lock_scope_tables")::add);
        body.putArray("required_capabilities").add(Capability.RESTORE_EXECUTE.wire());
        JsonNode created = service.post("/v1/jobs", body);
        if (created == null) {
            return null;
        }
        String jobId = created.path("job").path("job_id").asText();
        out.println("job       " + jobId + " " + created.path("job").path("status").asText() + ", holds the lock on "
                + String.join(", ", plan.tables()));
        JsonNode armed = service.post("/v1/jobs/" + jobId + "/execution", Json.mapper().createObjectNode());
        if (armed == null) {
            return null;
        }
        out.println("execution armed: " + armed.path("execution").path("checkpoint").path("total_chunks").asInt()
                + " chunk(s); the agent claims, decrypts, applies and commits");
        out.flush();
        JobRun run = runAgent(jobId);
        out.println(AgentCommand.summary(run));
        JsonNode execution = service.get("/v1/jobs/" + jobId + "/execution").path("execution");
        for (JsonNode outcome : execution.path("row_outcomes")) {
            out.println("  " + outcome.path("table").asText() + "/" + outcome.path("record_sys_id").asText() + "  "
                    + outcome.path("action").asText() + " → " + outcome.path("outcome").asText()
                    + (outcome.path("reason_code").asText().equals("none") ? ""
                    : " (" + outcome.path("reason_code").asText() + ")"));
        }
        JsonNode checkpoint = execution.path("checkpoint");
        out.println("checkpoint " + checkpoint.path("checkpoint_id").asText() + ": chunk "
                + checkpoint.path("next_chunk_index").asInt() + " of " + checkpoint.path("total_chunks").asInt()
                + " (all done)");
        JsonNode journal = service.get("/v1/jobs/" + jobId + "/rollback-journal");
        Map<String, Integer> states = new TreeMap<>();
        journal.path("rollback_journal").forEach(entry -> states.merge(entry.path("before_image_source").asText()
                + "/" + entry.path("before_image_state").asText("n/a"), 1, Integer::sum));
        out.println("rollback journal: " + journal.path("rollback_journal").size() + " entries (before-images "
                + states + ", encrypted by the agent), " + journal.path("sn_mirror").size()
                + " mirror records linked to them");
        out.flush();
        return run.completed() ? jobId : null;
    }

    /** Runs the agent in this process on the job until it is terminal, drawing its progress bar. */
    JobRun runAgent(String jobId) throws InterruptedException {
        AgentProgressBar bar = new AgentProgressBar(progressBars.apply("rows"));
        try {
            return new RestoreAgent(service.client(), writer, keyring, new AgentOptions(null, Duration.ofMillis(200),
                    Duration.ofSeconds(5), true), bar, Pauser.SLEEP).run(jobId);
        } finally {
            bar.finish();
        }
    }

    /**
     * Undoes the restore from its rollback journal — the agent reads the journaled records' current state, the
     * service makes an undo job whose rows put the before-images back, the agent applies it — and checks the target is
     * back to {@code damaged} exactly (every column of every record, absent ones absent).
     */
    boolean undo(String jobId, DemoTarget target, DemoTarget.Damage damaged) throws InterruptedException,
            SQLException {
        RollbackRequester.Requested requested = new RollbackRequester(service.client(), writer)
                .request(jobId, Map.of(), java.util.Optional.empty());
        if (!requested.answer().ok()) {
            out.println("rollback refused: " + requested.answer().describe());
            return false;
        }
        JsonNode undo = requested.answer().body();
        String undoJob = undo.path("job").path("job_id").asText();
        out.println("undo job  " + undoJob + " " + undo.path("job").path("status").asText() + " (plan "
                + undo.path("plan").path("plan_id").asText() + ", actions " + undo.path("plan").path("action_counts")
                + "), from the journal of " + jobId);
        JsonNode armed = service.post("/v1/jobs/" + undoJob + "/execution", Json.mapper().createObjectNode());
        if (armed == null) {
            return false;
        }
        JobRun run = runAgent(undoJob);
        out.println(AgentCommand.summary(run));
        Map<String, Map<String, String>> now = target.rows(damaged.all());
        if (run.completed() && now.equals(damaged.damagedRows())) {
            out.println("verified: the target is back to its damaged state, every column of the "
                    + damaged.all().size() + " records (the undo job has its own journal, so it can be undone too)");
            return true;
        }
        out.println("NOT undone: the target differs from its state before the restore");
        return false;
    }

    /** Checks the damaged records against the ground truth at the PIT; prints and returns whether they agree. */
    static boolean verify(PrintWriter out, DemoTarget target, GroundTruth truth, DemoPlanStage.FinalPlan plan,
                          List<String> records) throws SQLException {
        List<String> differences = target.differences(truth, plan.pit(), records);
        if (differences.isEmpty()) {
            out.println("verified: the " + records.size() + " restored records equal the ground truth at "
                    + IsoUtc.format(plan.pit()) + ", field by field");
            return true;
        }
        out.println("NOT restored: " + differences.size() + " difference(s) from the ground truth at "
                + IsoUtc.format(plan.pit()) + ": " + differences);
        return false;
    }
}
