package io.rezilient.restore.objectstore.config;

import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.contracts.env.HttpUri;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Value parsers of {@link ObjectStoreEnv}. Every bad value is an error (the reference indexer falls back to the
 * default on a bad number): a typo in a deployment must stop the start, not run with a setting nobody asked for.
 */
final class StoreParsers {
    private StoreParsers() {
    }

    /** Up to nine digits: always an int, and no sign, exponent, fraction or hex that nobody writes on purpose. */
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    static final EnvVar.Parser<String> TEXT = value -> value;

    static final EnvVar.Parser<Integer> POSITIVE_INT = value -> {
        int parsed = DIGITS.matcher(value).matches() ? Integer.parseInt(value) : 0;
        if (parsed <= 0) {
            throw new IllegalArgumentException("must be a positive integer, got '" + value + "'");
        }
        return parsed;
    };

    /** The reference indexer's spellings and wording. */
    static final EnvVar.Parser<Boolean> BOOLEAN = value -> switch (value.toLowerCase(Locale.ROOT)) {
        case "1", "true", "yes", "on" -> true;
        case "0", "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("must be true or false when provided (got '" + value
                + "'; accepted: 1/true/yes/on, 0/false/no/off)");
    };

    /** An absolute http(s) URI with a host: what the S3 client can send requests to. */
    static final EnvVar.Parser<URI> HTTP_URI = value -> HttpUri.parse(value)
            .orElseThrow(() -> new IllegalArgumentException("must be an absolute http(s) URI, got '" + value + "'"));
}
