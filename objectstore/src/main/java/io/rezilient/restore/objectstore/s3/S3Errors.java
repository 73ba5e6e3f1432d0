package io.rezilient.restore.objectstore.s3;

import io.rezilient.restore.objectstore.ObjectStoreException;
import io.rezilient.restore.objectstore.PermanentObjectStoreException;
import io.rezilient.restore.objectstore.TransientObjectStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Sorts SDK failures into not-found, transient and permanent, and words them for operators. */
final class S3Errors {

    /**
     * Error codes that mean "try again later" whatever the HTTP status; S3 answers RequestTimeout
     * with 400, and some S3-compatible servers throttle with 400 or 403 plus one of these codes.
     */
    static final Set<String> TRANSIENT_CODES = Set.of(
            "InternalError", "RequestTimeout", "ServiceUnavailable", "SlowDown", "Throttling",
            "ThrottlingException", "TooManyRequests", "RequestLimitExceeded", "RequestThrottled",
            "BandwidthLimitExceeded", "TimeoutError", "NetworkingError");

    private S3Errors() {
    }

    /** True if {@code e} says the object does not exist (but not that the bucket does not). */
    static boolean isNoSuchKey(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return true;
        }
        if (e instanceof SdkServiceException service && service.statusCode() == 404) {
            // HEAD-style 404s carry no code; a 404 with another code (NoSuchBucket) is a real failure.
            String code = errorCode(e);
            return code == null || code.isEmpty() || "NoSuchKey".equals(code);
        }
        return false;
    }

    /** True if repeating the call that raised {@code e} may succeed. */
    static boolean isTransient(SdkException e) {
        if (e instanceof SdkServiceException service) {
            int status = service.statusCode();
            // 501: the server lacks the feature asked for (e.g. Object Lock), which no retry brings
            return status == 429 || (status >= 500 && status != 501) || service.isThrottlingException()
                    || TRANSIENT_CODES.contains(errorCode(e));
        }
        if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException
                || e instanceof AbortedException) {
            return true;
        }
        // Connection refused or reset, socket timeouts, truncated bodies: the SDK wraps the
        // IOException in an SdkClientException. Anything else client-side (no credentials, a bad
        // endpoint) will fail the same way next time.
        return e instanceof SdkClientException && hasIoCause(e);
    }

    /** Wraps {@code e} as a transient or permanent failure whose message says what was being done and where. */
    static ObjectStoreException translate(String what, SdkException e) {
        String message = what + " failed: " + describe(e);
        return isTransient(e) ? new TransientObjectStoreException(message, e) : new PermanentObjectStoreException(message, e);
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String text = aws.awsErrorDetails().errorMessage();
            return "HTTP " + aws.statusCode() + (code == null ? "" : " " + code) + (text == null ? "" : ": " + text);
        }
        if (e instanceof SdkServiceException service) {
            return "HTTP " + service.statusCode() + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return null;
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
