package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.node.TextNode;
import io.rezilient.restore.contracts.offsets.Offsets;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.contracts.time.ServiceNowDateTime;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Field rules every contract schema shares (service-spec §0): non-empty strings, SHA-256 hex (lower-cased on
 * parse), strict ISO UTC instants, ServiceNow timestamps, Kafka offsets (canonicalised on parse) and integer counts.
 */
public final class ContractFields {
    /** The reference's wording for a malformed SHA-256 hex field (indexer-spec §12), code {@code invalid_format}. */
    public static final String SHA256_HEX_MESSAGE = "must be 64-char SHA-256 hex digest";

    /** {@code compression} values of an encrypted payload. */
    public static final String COMPRESSION_GZIP = "gzip";
    public static final String COMPRESSION_NONE = "none";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private ContractFields() {
    }

    /** A string of at least one character. */
    public static StringSchema nonEmptyString() {
        return Schemas.string().min(1);
    }

    /** 64 hex digits in either case, lower-cased on parse so equal digests hash equally. */
    public static Schema sha256Hex() {
        return Schemas.string().regex(SHA256_HEX, SHA256_HEX_MESSAGE)
                .transform(value -> TextNode.valueOf(value.textValue().toLowerCase(Locale.ROOT)));
    }

    /** A strict ISO UTC instant ({@link IsoUtc}); kept as written, not re-formatted. */
    public static Schema isoDateTime() {
        return Schemas.string().refine(value -> IsoUtc.isValid(value.textValue()), IsoUtc.RULE_MESSAGE);
    }

    /** A ServiceNow {@code YYYY-MM-DD HH:mm:ss} timestamp (shape only, as the reference checks it). */
    public static StringSchema serviceNowDateTime() {
        return Schemas.string().format(ServiceNowDateTime::isValid, ServiceNowDateTime.RULE_MESSAGE);
    }

    /** A Kafka offset given as a digit string or safe integer, canonicalised to a decimal string ({@link Offsets}). */
    public static Schema offset() {
        return Schemas.unknown().transform(value -> TextNode.valueOf(Offsets.canonicalize(value)));
    }

    /** An integer {@code >= 0}. */
    public static NumberSchema nonNegativeInt() {
        return Schemas.number().integer().gte(0);
    }

    /** An integer {@code > 0}. */
    public static NumberSchema positiveInt() {
        return Schemas.number().integer().gt(0);
    }

    /**
     * The encrypted payload envelope carried wherever record values travel (plan rows, CDC snapshots, media
     * metadata): {@code {v?, alg, kid?, module?, format?, compression?: gzip|none, ciphertext, sha256?}}, strict, so
     * no plaintext can ride along in an extra field.
     */
    public static ObjectSchema encryptedPayload() {
        return Schemas.object()
                .field("v", positiveInt().optional())
                .field("alg", nonEmptyString())
                .field("kid", nonEmptyString().optional())
                .field("module", nonEmptyString().optional())
                .field("format", nonEmptyString().optional())
                .field("compression", Schemas.oneOf(COMPRESSION_GZIP, COMPRESSION_NONE).optional())
                .field("ciphertext", nonEmptyString())
                .field("sha256", sha256Hex().optional());
    }
}
