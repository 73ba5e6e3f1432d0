package io.rezilient.restore.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** One answer of the restore service: its status and its JSON body (a missing node when the body is not JSON). */
public record ServiceAnswer(int status, JsonNode body) {
    public ServiceAnswer {
        body = body == null ? MissingNode.getInstance() : body;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public String error() {
        return body.path("error").asText("");
    }

    public String reasonCode() {
        return body.path("reason_code").asText("");
    }

    /** {@code 409 job_paused (paused_manual): message} — what an operator reads in the agent's output. */
    public String describe() {
        String reason = reasonCode().isEmpty() ? "" : " (" + reasonCode() + ")";
        return status + " " + error() + reason + ": " + body.path("message").asText(body.toString());
    }
}
