package io.rezilient.restore.capture.layout;

import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.routing.StreamPosition;

/** Turns an event and its stream position into the keys of its objects under a prefix. */
public interface ObjectKeyLayout {

    LayoutVersion version();

    /** The shared stem of the event's keys (without suffix), under {@code prefix} (no leading or trailing '/'). */
    String stem(String prefix, EventHeader header, StreamPosition position);

    default ArtifactKeys keysFor(String prefix, EventHeader header, StreamPosition position) {
        return ArtifactKeys.fromStem(stem(prefix, header, position));
    }

    static ObjectKeyLayout of(LayoutVersion version) {
        return switch (version) {
            case V1 -> new LayoutV1();
            case V2 -> new LayoutV2();
        };
    }
}
