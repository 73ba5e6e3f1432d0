package io.rezilient.restore.objectstore.s3;

import java.util.Optional;

/**
 * Static S3 credentials. {@link #toString()} never shows the secret or the session token.
 *
 * @param accessKeyId     the access key id, non-blank
 * @param secretAccessKey the secret access key, non-blank
 * @param sessionToken    the session token of temporary credentials, or null
 */
public record S3Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public S3Credentials {
        if (isBlank(accessKeyId) || isBlank(secretAccessKey)) {
            throw new IllegalArgumentException("S3 credentials need both an access key id and a secret access key");
        }
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
    }

    /**
     * Reads credentials from configuration parts where any may be missing (null or blank): none
     * means "use the default credential chain" (empty); an access key without a secret, a secret
     * without an access key, or a session token without both is a configuration error.
     */
    public static Optional<S3Credentials> fromParts(String accessKeyId, String secretAccessKey, String sessionToken) {
        boolean hasKey = !isBlank(accessKeyId);
        boolean hasSecret = !isBlank(secretAccessKey);
        if (hasKey != hasSecret) {
            throw new IllegalArgumentException(hasKey
                    ? "S3 access key id is set but the secret access key is missing; set both or neither"
                    : "S3 secret access key is set but the access key id is missing; set both or neither");
        }
        if (!hasKey) {
            if (!isBlank(sessionToken)) {
                throw new IllegalArgumentException(
                        "S3 session token is set without an access key id and secret access key");
            }
            return Optional.empty();
        }
        return Optional.of(new S3Credentials(accessKeyId.trim(), secretAccessKey.trim(),
                isBlank(sessionToken) ? null : sessionToken.trim()));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***"
                + (sessionToken == null ? "" : ", sessionToken=***") + "]";
    }
}
