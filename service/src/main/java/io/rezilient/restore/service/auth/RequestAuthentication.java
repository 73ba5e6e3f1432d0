package io.rezilient.restore.service.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.rezilient.restore.service.http.ApiError;
import io.rezilient.restore.service.http.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Set;

/**
 * The routing order of service-spec §3.1 as one before-filter: the health and operations routes are open; any
 * {@code /v1/admin/…} path needs admin authentication (§2.7, {@link AdminAuthenticator}); everything else needs a
 * valid bearer token (§2.1, {@link TokenVerifier}). Because the filter runs before routing, an unknown path with a
 * bad token answers 401 and with a good token 404, as in the reference. Handlers read the caller with
 * {@link #principal(Context)} or {@link #adminActor(Context)}.
 */
public final class RequestAuthentication implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthentication.class);
    /** Open routes: the reference's health check, our operations endpoints and the API document (architecture §8). */
    static final Set<String> OPEN_PATHS = Set.of("/v1/health", "/livez", "/readyz", "/metrics", "/openapi.json");
    private static final String ADMIN_PREFIX = "/v1/admin/";
    private static final String PRINCIPAL = "rez.principal";
    private static final String ADMIN_ACTOR = "rez.admin_actor";

    private final TokenVerifier tokens;
    private final AdminAuthenticator admins;

    public RequestAuthentication(TokenVerifier tokens, AdminAuthenticator admins) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.admins = Objects.requireNonNull(admins, "admins");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.before(this::authenticate);
    }

    /** The verified caller of a bearer-token route; present on every route this filter protected. */
    public static Principal principal(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(PRINCIPAL), "no authenticated principal on this request");
    }

    /** The admin who called an {@code /v1/admin/…} route. */
    public static AdminActor adminActor(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(ADMIN_ACTOR), "no admin actor on this request");
    }

    /** Whether a path starts with the admin prefix (so {@code /v1/admin} alone is an ordinary, unknown path). */
    static boolean isAdminPath(String path) {
        return path.startsWith(ADMIN_PREFIX);
    }

    private void authenticate(Context ctx) {
        String path = ctx.path();
        if (OPEN_PATHS.contains(path)) {
            return;
        }
        if (isAdminPath(path)) {
            try {
                ctx.attribute(ADMIN_ACTOR, admins.authenticate(ctx.header(AdminAuthenticator.ADMIN_TOKEN_HEADER),
                        ctx.header("Authorization")));
                return;
            } catch (AdminAccessDeniedException denied) {
                LOG.atWarn().setMessage("admin request refused").addKeyValue("path", path)
                        .addKeyValue("reason", denied.getMessage()).log();
                throw new ApiError(403, "forbidden", denied.reasonCode().wire(), "admin authentication required");
            } catch (CapabilityGrantsUnavailableException outage) {
                // fail closed, but say it is an outage: a 403 would tell a caller who may hold the grant that
                // they do not
                LOG.atWarn().setMessage("admin grants unavailable").addKeyValue("path", path)
                        .addKeyValue("reason", outage.getMessage()).log();
                throw new ApiError(503, "dependency_unavailable", null,
                        "capability grants cannot be read right now; retry");
            }
        }
        try {
            ctx.attribute(PRINCIPAL, tokens.authenticate(ctx.header("Authorization")));
        } catch (TokenRejectedException rejected) {
            LOG.atInfo().setMessage("bearer token refused").addKeyValue("path", path)
                    .addKeyValue("reason_code", rejected.reasonCode().wire())
                    .addKeyValue("reason", rejected.getMessage()).log();
            throw new ApiError(401, "unauthorized", rejected.reasonCode().wire(), "bearer token refused");
        }
    }
}
