package io.rezilient.restore.capture.layout;

import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.routing.StreamPosition;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The reference layout (indexer-spec §2.1):
 * {@code <prefix>/rec.object-key-layout.v1/instance=<host>/app=<app>/table=<table>/kind=<kind>/day=<YYYY-MM-DD>/event=<token>}.
 * The host is the source URI's host ({@code sn://acme.service-now.com} → {@code acme.service-now.com}), or the
 * instance id when the source has none; the day is the event time's UTC date. The stream position is not part
 * of the key, so re-capturing an event id replaces its objects.
 */
public final class LayoutV1 implements ObjectKeyLayout {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    @Override
    public LayoutVersion version() {
        return LayoutVersion.V1;
    }

    @Override
    public String stem(String prefix, EventHeader header, StreamPosition position) {
        return prefix + '/' + LayoutVersion.V1.id()
                + "/instance=" + KeySegments.value(host(header))
                + "/app=" + KeySegments.value(header.app())
                + "/table=" + KeySegments.value(header.table())
                + "/kind=" + header.kind().wire()
                + "/day=" + DAY.format(header.eventTime())
                + "/event=" + KeySegments.eventToken(header.eventId());
    }

    static String host(EventHeader header) {
        try {
            String host = URI.create(header.source()).getHost();
            if (host != null && !host.isBlank()) {
                return host;
            }
        } catch (IllegalArgumentException notAUri) {
            // fall back to the instance id below
        }
        return header.instanceId();
    }
}
