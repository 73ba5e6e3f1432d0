package io.rezilient.restore.service.auth;

import java.util.Locale;

/** The token inside an {@code Authorization} header, parsed exactly as the reference does (service-spec §2.1). */
final class BearerHeader {
    private BearerHeader() {
    }

    /**
     * The scheme is matched case-insensitively; the header is split on single spaces and only the first two pieces
     * count, so {@code "Bearer  x"} (two spaces) carries an empty token, as in the reference.
     */
    static String token(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isEmpty()) {
            throw TokenRejectedException.malformed("missing Authorization header");
        }
        String[] pieces = authorizationHeader.split(" ", -1);
        if (!pieces[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw TokenRejectedException.malformed("Authorization scheme is not Bearer");
        }
        String token = pieces.length > 1 ? pieces[1] : "";
        if (token.isEmpty()) {
            throw TokenRejectedException.malformed("empty bearer token");
        }
        return token;
    }
}
