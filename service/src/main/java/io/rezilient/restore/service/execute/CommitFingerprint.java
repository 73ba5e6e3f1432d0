package io.rezilient.restore.service.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.rezilient.restore.contracts.json.CanonicalJson;
import io.rezilient.restore.contracts.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What recognises a repeated commit as the same commit (deviation S63): SHA-256 of the body written with its
 * properties sorted, so the same JSON value gives the same fingerprint however its keys were ordered.
 *
 * <p>Not {@link CanonicalJson}: that encoding exists to reproduce the reference's hashes bit for bit (JavaScript
 * collation and string escaping), which costs several times more than Jackson's sorted writer, and a commit body of
 * a thousand rows with their sealed before-images is hashed on every commit. Claims committed before this encoding
 * was introduced still hold a canonical fingerprint; {@link #matches} accepts either, so their replays still answer.
 */
final class CommitFingerprint {
    private static final ObjectWriter SORTED = Json.mapper().writer()
            .with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
    private static final HexFormat HEX = HexFormat.of();

    private CommitFingerprint() {
    }

    static String of(JsonNode body) {
        MessageDigest digest = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            SORTED.writeValue(out, body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot fingerprint a commit body", e);
        }
        return HEX.formatHex(digest.digest());
    }

    /** Whether {@code body}, whose fingerprint is {@code fingerprint}, is the commit stored as {@code stored}. */
    static boolean matches(String stored, String fingerprint, JsonNode body) {
        return stored.equals(fingerprint) || stored.equals(CanonicalJson.sha256Of(body));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime provides SHA-256", impossible);
        }
    }
}
