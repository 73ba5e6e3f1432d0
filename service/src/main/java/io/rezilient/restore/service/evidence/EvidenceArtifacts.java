package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The four artifacts of a restore's evidence (service-spec §7) and the documents they are made of. */
public final class EvidenceArtifacts {
    public static final String EXECUTION = "execution.json";
    public static final String JOB_EVENTS = "job-events.json";
    public static final String PLAN = "plan.json";
    public static final String ROLLBACK_JOURNAL = "rollback-journal.json";
    /** Every artifact id, in the order packages list them. */
    public static final List<String> IDS = List.of(EXECUTION, JOB_EVENTS, PLAN, ROLLBACK_JOURNAL);

    private EvidenceArtifacts() {
    }

    /**
     * The four artifact documents. Any of the arrays may be
     * {@link io.rezilient.restore.contracts.json.CanonicalJsonStream#streamed} nodes.
     *
     * @param plan          the plan record's {@code plan} (its approval is replaced by the unverified placeholder)
     * @param planHashInput {@code plan_hash_input}, rows included
     */
    public static List<ArtifactDocument> documents(JsonNode execution, JsonNode jobEvents, JsonNode plan,
                                                   JsonNode planHashInput, JsonNode gate, JsonNode deleteCandidates,
                                                   JsonNode mediaCandidates, JsonNode pitResolutions,
                                                   JsonNode watermarks, JsonNode journalEntries,
                                                   JsonNode mirrorEntries) {
        ObjectNode planDocument = JsonNodeFactory.instance.objectNode();
        planDocument.set("plan", EvidenceAssembler.sanitisedPlan(plan));
        planDocument.set("plan_hash_input", planHashInput);
        planDocument.set("gate", gate);
        planDocument.set("delete_candidates", deleteCandidates);
        planDocument.set("media_candidates", mediaCandidates);
        planDocument.set("pit_resolutions", pitResolutions);
        planDocument.set("watermarks", watermarks);
        ObjectNode journal = JsonNodeFactory.instance.objectNode();
        journal.set("rollback_journal", journalEntries);
        journal.set("sn_mirror", mirrorEntries);
        return List.of(new ArtifactDocument(EXECUTION, execution), new ArtifactDocument(JOB_EVENTS, jobEvents),
                new ArtifactDocument(PLAN, planDocument), new ArtifactDocument(ROLLBACK_JOURNAL, journal));
    }
}
