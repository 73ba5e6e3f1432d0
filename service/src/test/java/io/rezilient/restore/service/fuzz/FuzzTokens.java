package io.rezilient.restore.service.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.service.auth.ResourceScope;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Bearer tokens, honest and hostile. The hostile ones that matter most are <em>validly signed</em> with the
 * service's own secret: only they get past the signature to the claim rules and further, to the SQL that records
 * the caller — where a NUL in {@code sub} once surfaced as a 503 quoting the whole INSERT.
 */
final class FuzzTokens {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final List<String> CLAIMS = List.of("iss", "sub", "aud", "jti", "iat", "exp", "service_scope",
            "tenant_id", "instance_id", "source", "capabilities", "nbf");

    private final byte[] secret;
    private final ResourceScope scope;
    private final Instant now;
    private final FuzzValues values;

    FuzzTokens(String secret, ResourceScope scope, Instant now, FuzzValues values) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.scope = scope;
        this.now = now;
        this.values = values;
    }

    /** A token the service accepts for the fuzz scope, with or without the admin capability. */
    String valid(boolean admin) {
        return sign(header("HS256"), claims(admin));
    }

    /** The value of an Authorization header: mostly a bearer token, honest or not; sometimes no bearer at all. */
    String authorization(boolean admin) {
        return switch (values.random().nextInt(20)) {
            case 0 -> "";
            case 1 -> "Bearer";
            case 2 -> "Bearer ";
            case 3 -> "Basic " + B64.encodeToString("user:password".getBytes(StandardCharsets.UTF_8));
            case 4 -> "bearer " + valid(admin);
            case 5 -> "Bearer  " + valid(admin);
            case 6 -> "Bearer " + values.shortString();
            case 7 -> "Bearer " + structurallyBroken();
            case 8, 9, 10, 11, 12, 13 -> "Bearer " + signedHostile(admin);
            default -> "Bearer " + valid(admin);
        };
    }

    /** Signed with the right key, with one to three claims or header fields made hostile. */
    String signedHostile(boolean admin) {
        ObjectNode header = header("HS256");
        ObjectNode claims = claims(admin);
        int mutations = 1 + values.random().nextInt(3);
        for (int i = 0; i < mutations; i++) {
            switch (values.random().nextInt(8)) {
                case 0 -> header.set("alg", NODES.textNode(values.pick(List.of("none", "HS512", "RS256", "EdDSA",
                        "hs256", "", "HS256\u0000"))));
                case 1 -> header.set(values.pick(List.of("kid", "crit", "typ", "jku")), values.value());
                case 2 -> claims.remove(values.pick(CLAIMS));
                case 3 -> claims.set(values.pick(List.of("iat", "exp", "nbf")), NODES.numberNode(values.pick(List.of(
                        0L, -1L, now.getEpochSecond() - 1, now.getEpochSecond() + 86_400L * 3650,
                        Long.MAX_VALUE, 253_402_300_800L))));
                case 4 -> claims.set("capabilities", values.pick(List.of(NODES.arrayNode(),
                        NODES.arrayNode().add("rrs.admin").add("rrs.admin"), NODES.arrayNode().addNull(),
                        NODES.textNode("rrs.admin"), NODES.arrayNode().add(values.shortString()))));
                default -> claims.set(values.pick(CLAIMS), values.chance(0.8) ? NODES.textNode(claimText())
                        : values.value());
            }
        }
        return sign(header, claims);
    }

    /** Mostly short (a token lives in a header); now and then long enough for the header limit to bite. */
    private String claimText() {
        return values.chance(0.97) ? values.shortString() : "q".repeat(values.pick(List.of(3_000, 7_000)));
    }

    private String structurallyBroken() {
        String valid = valid(false);
        String[] parts = valid.split("\\.");
        return switch (values.random().nextInt(7)) {
            case 0 -> parts[0] + "." + parts[1];
            case 1 -> valid + ".extra";
            case 2 -> parts[0] + "." + parts[1] + "=." + parts[2];
            case 3 -> parts[0] + ".." + parts[2];
            case 4 -> B64.encodeToString("not json".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
            case 5 -> parts[0] + "." + B64.encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            default -> valid.substring(0, valid.length() - 2) + "**";
        };
    }

    private ObjectNode header(String alg) {
        return NODES.objectNode().put("alg", alg).put("typ", "JWT");
    }

    private ObjectNode claims(boolean admin) {
        ObjectNode claims = NODES.objectNode()
                .put("iss", "rez-fuzz-issuer").put("sub", "fuzz-operator").put("aud", "rezilient:rrs")
                .put("jti", "tok_fuzz").put("iat", now.getEpochSecond() - 10).put("exp", now.getEpochSecond() + 600)
                .put("service_scope", "rrs").put("tenant_id", scope.tenantId()).put("instance_id", scope.instanceId())
                .put("source", scope.source());
        List<JsonNode> capabilities = new ArrayList<>();
        capabilities.add(NODES.textNode("restore_execute"));
        if (admin) {
            capabilities.add(NODES.textNode("rrs.admin"));
        }
        if (admin || values.chance(0.7)) {
            claims.putArray("capabilities").addAll(capabilities);
        }
        return claims;
    }

    private String sign(ObjectNode header, ObjectNode claims) {
        String input = B64.encodeToString(FuzzJson.bytes(FuzzJson.escaped(header))) + "."
                + B64.encodeToString(FuzzJson.bytes(FuzzJson.escaped(claims)));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
