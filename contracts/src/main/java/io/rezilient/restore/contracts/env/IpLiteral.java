package io.rezilient.restore.contracts.env;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The parser of every "address to listen on" setting (the indexer's metrics endpoint, the service's HTTP server): an
 * IPv4 or IPv6 address literal. Host names are refused: resolving one would make the start depend on DNS, and a
 * name that resolves to several addresses would bind an arbitrary one of them.
 */
public final class IpLiteral {
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** Only hex digits, colons and dots, with at least one colon: never a host name, so never a DNS lookup. */
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    /** {@link #parse} as an {@link EnvVar} parser. */
    public static final EnvVar.Parser<InetAddress> PARSER = IpLiteral::parse;

    private IpLiteral() {
    }

    /**
     * @throws IllegalArgumentException naming the expected form when {@code value} is not an address literal
     */
    public static InetAddress parse(String value) {
        if (IPV4.matcher(value).matches() || IPV6_CHARS.matcher(value).matches()) {
            try {
                return InetAddress.getByName(value); // a literal: parsed, never looked up
            } catch (UnknownHostException invalid) {
                // reported below with the expected form
            }
        }
        throw new IllegalArgumentException("must be an IP address literal such as 127.0.0.1, 0.0.0.0 or ::1, got '"
                + value + "'");
    }
}
