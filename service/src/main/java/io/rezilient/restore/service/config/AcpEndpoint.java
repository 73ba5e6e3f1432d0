package io.rezilient.restore.service.config;

import java.net.URI;
import java.util.Objects;

/** The auth control plane's internal source-mapping API. {@link #toString()} hides the token. */
public record AcpEndpoint(URI baseUrl, String internalToken) {
    public AcpEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(internalToken, "internalToken");
    }

    @Override
    public String toString() {
        return "AcpEndpoint[baseUrl=" + baseUrl + ", internalToken=***]";
    }
}
