package io.rezilient.restore.indexer.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where {@code rez indexer run} serves {@code /metrics} and {@code /healthz}.
 *
 * @param port 0 for an ephemeral port (the start-up log names the one chosen)
 */
public record MetricsEndpoint(InetAddress bind, int port) {
    public MetricsEndpoint {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(bind, port);
    }
}
