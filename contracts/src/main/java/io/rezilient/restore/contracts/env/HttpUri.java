package io.rezilient.restore.contracts.env;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The one test of an endpoint setting (an S3 endpoint, the source registry's URL): an absolute {@code http} or
 * {@code https} URI with a host. Each settings family words its own error around it.
 */
public final class HttpUri {
    private HttpUri() {
    }

    /** The URI, or empty when {@code value} is not an absolute http(s) URI with a host. */
    public static Optional<URI> parse(String value) {
        try {
            URI uri = new URI(value);
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException ignored) {
            // not a URI at all: empty, like any other value that is not one the client can send requests to
        }
        return Optional.empty();
    }
}
