package io.rezilient.restore.capture.routing;

/**
 * The production topics the synthetic workload publishes to (the reference topic mapping's targets for
 * {@code cdc.*}, {@code schema.*} and {@code media.*} events). CloudEvent ingest maps every event type with the
 * contracts' topic mapping instead.
 */
public final class Topics {
    public static final String CDC = "rez.cdc";
    public static final String SCHEMA = "rez.schema";
    public static final String MEDIA = "rez.media";

    private Topics() {
    }
}
