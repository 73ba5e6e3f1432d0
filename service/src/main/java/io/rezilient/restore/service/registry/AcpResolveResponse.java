package io.rezilient.restore.service.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.service.auth.ResourceScope;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Maps an ACP resolve response (status + body) to a {@link SourceResolution} exactly as service-spec §2.4 says. */
final class AcpResolveResponse {
    static final String NOT_FOUND_REASON = "tenant_instance_mapping_not_found";
    static final String AUTH_REQUIRED_REASON = "internal_auth_required";
    static final String INVALID_JSON = "ACP resolve response body is invalid JSON";
    static final String INVALID_RECORD = "ACP resolve response contains invalid mapping record";

    private AcpResolveResponse() {
    }

    static SourceResolution map(int status, byte[] body, String serviceScope) {
        if (status != 200) {
            return failed(status, AcpSourceRegistry.reasonCode(body));
        }
        JsonNode parsed;
        try {
            parsed = AcpSourceRegistry.parse(body);
        } catch (IOException e) {
            return SourceResolution.Outage.of(INVALID_JSON);
        }
        if (parsed == null || !parsed.isObject()) {
            return SourceResolution.Outage.of(INVALID_JSON);
        }
        return found(parsed, serviceScope)
                .<SourceResolution>map(found -> found)
                .orElseGet(() -> SourceResolution.Outage.of(INVALID_RECORD));
    }

    private static SourceResolution failed(int status, String reason) {
        if (status == 404 && NOT_FOUND_REASON.equals(reason)) {
            return new SourceResolution.NotFound();
        }
        if (status == 403 && AUTH_REQUIRED_REASON.equals(reason)) {
            return new SourceResolution.Outage("ACP internal authentication failed", OptionalInt.of(status));
        }
        return new SourceResolution.Outage("ACP request to " + AcpSourceRegistry.RESOLVE_PATH + " failed with status "
                + status + " (" + (reason == null ? "unknown" : reason) + ")", OptionalInt.of(status));
    }

    /** Empty when any field is missing or invalid: a half-understood mapping must not grant access. */
    private static Optional<SourceResolution.Found> found(JsonNode body, String serviceScope) {
        JsonNode ok = body.get("ok");
        if (ok != null && !ok.isBoolean() || ok != null && !ok.asBoolean()) {
            return Optional.empty();
        }
        Optional<String> tenant = text(body, "tenant_id");
        Optional<String> instance = text(body, "instance_id");
        Optional<String> source = text(body, "source");
        Optional<LifecycleState> tenantState = text(body, "tenant_state").flatMap(LifecycleState::fromWire);
        Optional<LifecycleState> entitlementState = text(body, "entitlement_state").flatMap(LifecycleState::fromWire);
        Optional<LifecycleState> instanceState = text(body, "instance_state").flatMap(LifecycleState::fromWire);
        Optional<List<String>> services = strings(body.get("allowed_services"));
        Optional<Instant> updatedAt = text(body, "updated_at").flatMap(AcpResolveResponse::instant);
        JsonNode allowed = body.get("service_allowed");
        if (tenant.isEmpty() || instance.isEmpty() || source.isEmpty() || tenantState.isEmpty()
                || entitlementState.isEmpty() || instanceState.isEmpty() || services.isEmpty() || updatedAt.isEmpty()
                || allowed != null && !allowed.isBoolean() && !allowed.isNull()) {
            return Optional.empty();
        }
        SourceMapping mapping = new SourceMapping(new ResourceScope(tenant.get(), instance.get(), source.get()),
                tenantState.get(), entitlementState.get(), instanceState.get(), services.get(), updatedAt.get());
        // the ACP's own verdict when it states one, else derived from the list (the reference's rule)
        boolean serviceAllowed = allowed != null && allowed.isBoolean() ? allowed.asBoolean()
                : mapping.admits(serviceScope);
        return Optional.of(new SourceResolution.Found(mapping, serviceScope, serviceAllowed));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<List<String>> strings(JsonNode value) {
        if (value == null || !value.isArray()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                return Optional.empty();
            }
            out.add(element.asText());
        }
        return Optional.of(out);
    }

    private static Optional<Instant> instant(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
