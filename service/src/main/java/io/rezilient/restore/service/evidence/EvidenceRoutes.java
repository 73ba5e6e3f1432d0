package io.rezilient.restore.service.evidence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.auth.RequestAuthentication;
import io.rezilient.restore.service.http.InputText;
import io.rezilient.restore.service.http.RouteGroup;

import java.util.Objects;

/**
 * The evidence routes (service-spec §3.6): {@code GET …/evidence} and {@code POST …/evidence/export}; ours: an
 * artifact's bytes ({@code GET …/evidence/artifacts/{artifact_id}}) and a re-verification of the stored package
 * ({@code POST …/evidence/verify}). The export body is ignored, as in the reference.
 */
public final class EvidenceRoutes implements RouteGroup {
    private static final String JSON = "application/json";
    private static final String EVIDENCE = "/v1/jobs/{job_id}/evidence";

    private final EvidenceService evidence;

    public EvidenceRoutes(EvidenceService evidence) {
        this.evidence = Objects.requireNonNull(evidence, "evidence");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(EVIDENCE, ctx -> respond(ctx, 200, evidence.get(caller(ctx), jobId(ctx)).toJson()));
        routes.post(EVIDENCE + "/export", ctx -> {
            EvidenceService.Exported exported = evidence.export(caller(ctx), jobId(ctx));
            respond(ctx, exported.status(), exported.body());
        });
        routes.post(EVIDENCE + "/verify", ctx -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("verification", evidence.reverify(caller(ctx), jobId(ctx)).toJson());
            respond(ctx, 200, body);
        });
        routes.get(EVIDENCE + "/artifacts/{artifact_id}", ctx -> {
            String artifactId = InputText.pathId(ctx, "artifact_id");
            // the status and type are set only once the artifact is known, so a 404 is still a JSON error
            evidence.writeArtifact(caller(ctx), jobId(ctx), artifactId,
                    () -> ctx.status(200).contentType(JSON), ctx.outputStream());
        });
    }

    private static void respond(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType(JSON).result(body.toString());
    }

    private static Principal caller(Context ctx) {
        return RequestAuthentication.principal(ctx);
    }

    private static String jobId(Context ctx) {
        return InputText.pathId(ctx, "job_id");
    }
}
