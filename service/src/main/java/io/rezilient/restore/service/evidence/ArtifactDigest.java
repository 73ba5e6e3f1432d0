package io.rezilient.restore.service.evidence;

import io.rezilient.restore.contracts.json.JsStrings;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hashes an artifact's canonical JSON as it is written, piece by piece, and hands each piece's UTF-8 bytes on to
 * wherever the artifact is kept, so a large artifact is never one string in memory.
 */
public final class ArtifactDigest implements Consumer<String> {
    private final String artifactId;
    private final MessageDigest sha256;
    private final Consumer<byte[]> keeper;
    private long bytes;

    /** @param keeper receives the artifact's bytes in order (may ignore them) */
    public ArtifactDigest(String artifactId, Consumer<byte[]> keeper) {
        this.artifactId = Objects.requireNonNull(artifactId, "artifactId");
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime provides SHA-256", impossible);
        }
    }

    @Override
    public void accept(String piece) {
        byte[] utf8 = JsStrings.utf8(piece);
        sha256.update(utf8);
        bytes += utf8.length;
        keeper.accept(utf8);
    }

    /** Adds raw bytes already in UTF-8 (an artifact read back from storage). */
    public void acceptBytes(byte[] utf8, int offset, int length) {
        sha256.update(utf8, offset, length);
        bytes += length;
    }

    /** The hash entry of everything accepted so far; call once, at the end. */
    public ArtifactHash finish() {
        return new ArtifactHash(artifactId, HexFormat.of().formatHex(sha256.digest()), bytes);
    }
}
