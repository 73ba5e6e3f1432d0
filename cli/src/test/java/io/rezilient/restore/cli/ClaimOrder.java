package io.rezilient.restore.cli;

import io.rezilient.restore.agent.run.AgentListener;
import io.rezilient.restore.agent.target.ChunkRequest;
import io.rezilient.restore.agent.target.ChunkResult;
import io.rezilient.restore.agent.target.ForwardingTargetWriter;
import io.rezilient.restore.agent.target.TargetWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Records, in order, when an agent applied each claim to the target and when the service answered its commit, to
 * show what pipelining (deviation S71) does: the next claim applied before the previous one's commit was answered,
 * while commits still come back in the order the claims were applied.
 */
final class ClaimOrder implements AgentListener {
    private final List<String> events = new ArrayList<>();

    /** {@code writer}, recording each claim it applies. */
    TargetWriter around(TargetWriter writer) {
        return new ForwardingTargetWriter(writer) {
            @Override
            public ChunkResult apply(ChunkRequest chunk) {
                ChunkResult result = super.apply(chunk);
                record("apply " + chunk.claimId());
                return result;
            }
        };
    }

    @Override
    public void committed(String jobId, String claimId) {
        record("commit " + claimId);
    }

    /** The claims in the order they were applied, and in the order their commits were answered. */
    List<String> applied() {
        return claims("apply ");
    }

    List<String> committed() {
        return claims("commit ");
    }

    /** How many claims were applied while the commit of the one before was not answered yet. */
    synchronized int pipelined() {
        int overlapping = 0;
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).startsWith("apply ") && events.get(i - 1).startsWith("apply ")) {
                overlapping++;
            }
        }
        return overlapping;
    }

    private synchronized void record(String event) {
        events.add(event);
    }

    private synchronized List<String> claims(String prefix) {
        return events.stream().filter(event -> event.startsWith(prefix)).map(event -> event.substring(prefix.length()))
                .toList();
    }
}
