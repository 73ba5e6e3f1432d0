package io.rezilient.restore.objectstore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.rezilient.restore.objectstore.ObjectStoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which SDK failures count as transient, permanent or not-found (the SDK's exception objects, no server). */
class S3ErrorsTest {

    private static SdkException service(int status, String code) {
        return S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("scripted").build())
                .message("scripted").build();
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> transient={2}")
    @CsvSource({
            "503, SlowDown, true",
            "503, ServiceUnavailable, true",
            "500, InternalError, true",
            "502, '', true",
            "429, TooManyRequests, true",
            "400, RequestTimeout, true",
            "400, Throttling, true",
            "400, ThrottlingException, true",
            "403, RequestLimitExceeded, true",
            "400, InvalidArgument, false",
            "403, AccessDenied, false",
            "403, SignatureDoesNotMatch, false",
            "404, NoSuchBucket, false",
            "409, BucketAlreadyExists, false",
            "412, PreconditionFailed, false"})
    void serviceErrorsAreClassifiedByStatusAndCode(int status, String code, boolean transientExpected) {
        SdkException e = service(status, code);

        assertThat(S3Errors.isTransient(e)).isEqualTo(transientExpected);
        ObjectStoreException translated = S3Errors.translate("get s3://b/k", e);
        assertThat(translated.isTransient()).isEqualTo(transientExpected);
        assertThat(translated).hasMessageStartingWith("get s3://b/k failed: HTTP " + status).hasCause(e);
    }

    @Test
    void networkFailuresAndTimeoutsAreTransient() {
        assertThat(S3Errors.isTransient(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")))).isTrue();
        assertThat(S3Errors.isTransient(SdkClientException.create("read",
                new RuntimeException(new SocketTimeoutException("Read timed out"))))).isTrue();
        assertThat(S3Errors.isTransient(SdkClientException.create("reset", new IOException("Connection reset")))).isTrue();
        assertThat(S3Errors.isTransient(ApiCallAttemptTimeoutException.create(300))).isTrue();
        assertThat(S3Errors.isTransient(ApiCallTimeoutException.create(300))).isTrue();
    }

    @Test
    void clientSideConfigurationErrorsArePermanent() {
        SdkClientException noCredentials = SdkClientException.create("Unable to load credentials from any provider");

        assertThat(S3Errors.isTransient(noCredentials)).isFalse();
        assertThat(S3Errors.translate("list s3://b/p/", noCredentials))
                .hasMessage("list s3://b/p/ failed: SdkClientException: Unable to load credentials from any provider");
    }

    @Test
    void onlyAMissingKeyIsNotFoundNotAMissingBucket() {
        assertThat(S3Errors.isNoSuchKey(NoSuchKeyException.builder().statusCode(404).message("gone").build())).isTrue();
        assertThat(S3Errors.isNoSuchKey(service(404, "NoSuchKey"))).isTrue();
        assertThat(S3Errors.isNoSuchKey(S3Exception.builder().statusCode(404).message("HEAD").build())).isTrue();
        assertThat(S3Errors.isNoSuchKey(service(404, "NoSuchBucket"))).isFalse();
        assertThat(S3Errors.isNoSuchKey(service(403, "AccessDenied"))).isFalse();
        assertThat(S3Errors.isNoSuchKey(SdkClientException.create("x"))).isFalse();
    }
}
