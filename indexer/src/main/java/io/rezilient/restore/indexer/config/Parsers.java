package io.rezilient.restore.indexer.config;

import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.contracts.env.IpLiteral;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The value parsers of {@link IndexerEnv}. Unlike the reference, which silently falls back to the default on a
 * non-numeric or non-positive number, every bad value is an error: a typo in a deployment must stop the start, not
 * run the indexer with a setting nobody asked for.
 */
final class Parsers {
    private Parsers() {
    }

    static final EnvVar.Parser<String> TEXT = value -> value;

    static final EnvVar.Parser<Integer> POSITIVE_INT = value -> {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("must be a positive integer, got '" + value + "'");
        }
        if (parsed <= 0) {
            throw new IllegalArgumentException("must be a positive integer, got " + parsed);
        }
        return parsed;
    };

    /** A TCP port, 0 (ephemeral) included; a port number is never silently clamped or defaulted. */
    static final EnvVar.Parser<Integer> PORT = value -> {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("must be a port number between 0 and 65535, got '" + value + "'");
        }
        if (parsed < 0 || parsed > 65535) {
            throw new IllegalArgumentException("must be a port number between 0 and 65535, got " + parsed);
        }
        return parsed;
    };

    /** An IPv4 or IPv6 address literal, never a host name ({@link IpLiteral}, shared with the service). */
    static final EnvVar.Parser<InetAddress> IP_LITERAL = IpLiteral.PARSER;

    static final EnvVar.Parser<Boolean> BOOLEAN = value -> switch (value.toLowerCase(Locale.ROOT)) {
        case "1", "true", "yes", "on" -> true;
        case "0", "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("must be true or false when provided (got '" + value
                + "'; accepted: 1/true/yes/on, 0/false/no/off)");
    };

    /** One of the enum's wire names, exactly (the wire names are lower case, as the reference spells them). */
    static <E extends Enum<E>> EnvVar.Parser<E> oneOf(Class<E> type, Function<E, String> wire) {
        return value -> Arrays.stream(type.getEnumConstants()).filter(e -> wire.apply(e).equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.stream(type.getEnumConstants())
                        .map(wire).collect(Collectors.joining(", ")) + ", got '" + value + "'"));
    }
}
