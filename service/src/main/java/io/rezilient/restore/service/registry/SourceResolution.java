package io.rezilient.restore.service.registry;

import java.util.Objects;
import java.util.OptionalInt;

/** What a {@link SourceRegistry} answers: a mapping, a definite "no mapping", or "cannot tell right now". */
public sealed interface SourceResolution {

    /**
     * @param serviceScope   the scope the caller asked about
     * @param serviceAllowed whether the mapping admits that scope (the ACP may state it; otherwise derived from
     *                       {@link SourceMapping#allowedServices()})
     */
    record Found(SourceMapping mapping, String serviceScope, boolean serviceAllowed) implements SourceResolution {
        public Found {
            Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(serviceScope, "serviceScope");
        }
    }

    /** The registry knows this (tenant, instance) has no mapping. */
    record NotFound() implements SourceResolution {
    }

    /**
     * The registry could not answer; callers fail closed and never cache it.
     *
     * @param statusCode the upstream HTTP status when there was one
     */
    record Outage(String message, OptionalInt statusCode) implements SourceResolution {
        public Outage {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(statusCode, "statusCode");
        }

        public static Outage of(String message) {
            return new Outage(message, OptionalInt.empty());
        }
    }
}
