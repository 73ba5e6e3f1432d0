package io.rezilient.restore.service.config;

import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.contracts.env.HttpUri;
import io.rezilient.restore.contracts.env.IpLiteral;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Value parsers for {@link ServiceEnv}. Numbers must be plain decimal digits: the reference's
 * {@code Number(value)} would also take {@code 1e3}, {@code 0x10} or {@code 2.0}, which nobody writes on purpose.
 */
final class EnvParsers {
    private EnvParsers() {
    }

    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}(\\.\\d{1,18})?");

    static final EnvVar.Parser<String> TEXT = value -> value;

    static final EnvVar.Parser<Long> NON_NEGATIVE_LONG = value -> {
        if (!DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a non-negative integer, got '" + value + "'");
        }
        return Long.parseLong(value);
    };

    static final EnvVar.Parser<Long> POSITIVE_LONG = value -> {
        long parsed = NON_NEGATIVE_LONG.parse(value);
        if (parsed == 0) {
            throw new IllegalArgumentException("must be a positive integer, got 0");
        }
        return parsed;
    };

    static final EnvVar.Parser<Integer> NON_NEGATIVE_INT = value -> toInt(NON_NEGATIVE_LONG.parse(value), value);

    static final EnvVar.Parser<Integer> POSITIVE_INT = value -> toInt(POSITIVE_LONG.parse(value), value);

    static final EnvVar.Parser<Integer> PORT = value -> {
        int port = NON_NEGATIVE_INT.parse(value);
        if (port > 65535) {
            throw new IllegalArgumentException("must be a port number between 0 and 65535, got " + port);
        }
        return port;
    };

    static final EnvVar.Parser<Double> PERCENT = value -> {
        if (!DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a number between 0 and 100, got '" + value + "'");
        }
        BigDecimal parsed = new BigDecimal(value);
        if (parsed.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("must be a number between 0 and 100, got " + value);
        }
        return parsed.doubleValue();
    };

    static final EnvVar.Parser<Boolean> BOOLEAN = value -> switch (value.toLowerCase(Locale.ROOT)) {
        case "1", "true", "yes", "on" -> true;
        case "0", "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("must be a boolean value (1/true/yes/on or 0/false/no/off), got '"
                + value + "'");
    };

    /** An IP address literal, kept as written ({@link IpLiteral}: never a host name, so never a DNS lookup). */
    static final EnvVar.Parser<String> IP_LITERAL = value -> {
        IpLiteral.parse(value);
        return value;
    };

    /** An absolute http(s) URL with a host, as the ACP client and S3 endpoint need. */
    static final EnvVar.Parser<URI> HTTP_URL = value -> HttpUri.parse(value)
            .orElseThrow(() -> new IllegalArgumentException("must be a valid URL (absolute http or https), got '" + value + "'"));

    private static int toInt(long parsed, String value) {
        if (parsed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be at most " + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) parsed;
    }
}
