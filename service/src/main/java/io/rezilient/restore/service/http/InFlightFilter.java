package io.rezilient.restore.service.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Objects;

/**
 * Takes the {@link InFlightLimit} permit around the whole of Javalin's handling — before-filters (authentication,
 * which may read the grant table) and after them the handler, the response and the access log — and returns it in a
 * {@code finally}, so a permit is returned exactly once whatever happens, a client that hangs up mid-response
 * included. A request refused a permit is marked and still passes through Javalin, whose first before-filter
 * answers it {@code 503 overloaded}: refused requests get the same JSON body, access log line and metric as others,
 * and never reach authentication.
 */
final class InFlightFilter implements Filter {
    /** Request attribute set on a request that was refused a permit. */
    static final String SHED = "rez.shed";

    private final InFlightLimit limit;

    InFlightFilter(InFlightLimit limit) {
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // the raw path: a shed decision must not depend on how Javalin later decodes or matches it
        String path = ((HttpServletRequest) request).getRequestURI();
        if (!limit.tryEnter(path)) {
            request.setAttribute(SHED, Boolean.TRUE);
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            limit.exit(path);
        }
    }
}
