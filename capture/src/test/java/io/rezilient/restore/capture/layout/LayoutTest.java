package io.rezilient.restore.capture.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.rezilient.restore.capture.artifact.ArtifactKind;
import io.rezilient.restore.capture.artifact.EventHeader;
import io.rezilient.restore.capture.routing.StreamPosition;
import io.rezilient.restore.capture.routing.TopicPartition;
import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ObjectKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayoutTest {
    private static final EventHeader HEADER = new EventHeader("4f1c2a9e", "cdc.write",
            Instant.parse("2026-03-04T17:22:05.412Z"), ArtifactKind.CDC, "tenant-acme", "acme-prod",
            "sn://acme.service-now.com", "x_acme", "x_acme_case");
    private static final StreamPosition POSITION = new StreamPosition(new TopicPartition("rez.cdc", 3), 18842);

    @Test
    void v1FollowsTheReferenceTemplate() {
        ArtifactKeys keys = ObjectKeyLayout.of(LayoutVersion.V1).keysFor("rez/restore-artifacts", HEADER, POSITION);

        assertThat(keys.manifestKey()).isEqualTo("rez/restore-artifacts/rec.object-key-layout.v1/instance=acme.service-now.com"
                + "/app=x_acme/table=x_acme_case/kind=cdc/day=2026-03-04/event=4f1c2a9e.manifest.json");
        assertThat(keys.artifactKey()).isEqualTo(keys.manifestKey().replace(".manifest.json", ".artifact.json"));
        assertThat(ArtifactKeys.manifestKeyOf(keys.artifactKey())).isEqualTo(keys.manifestKey());
    }

    @Test
    void v2EmbedsTenantInstanceTopicPartitionAndPaddedOffset() {
        ArtifactKeys keys = ObjectKeyLayout.of(LayoutVersion.V2).keysFor("rez/restore-artifacts", HEADER, POSITION);

        assertThat(keys.artifactKey()).isEqualTo("rez/restore-artifacts/rec.object-key-layout.v2/tenant=tenant-acme"
                + "/instance=acme-prod/topic=rez.cdc/partition=3/offset=00000000000000018842.event=4f1c2a9e.artifact.json");
    }

    @Test
    void v2KeyOrderIsOffsetOrderWithinAPartition() {
        SplittableRandom random = new SplittableRandom(11);
        ObjectKeyLayout layout = ObjectKeyLayout.of(LayoutVersion.V2);
        java.util.Set<Long> offsets = new java.util.LinkedHashSet<>();
        for (int i = 0; i < 2000; i++) {
            offsets.add(i % 3 == 0 ? random.nextLong(Long.MAX_VALUE) : random.nextLong(100_000));
        }
        offsets.add(0L);
        offsets.add(Long.MAX_VALUE);
        List<String> keys = new ArrayList<>();
        for (long offset : offsets) {
            // Event ids deliberately sort against the offsets, to show they cannot disturb the order.
            String eventId = Long.toHexString(Long.MAX_VALUE - offset);
            EventHeader header = new EventHeader(eventId, "cdc.write", HEADER.eventTime(), ArtifactKind.CDC,
                    "tenant-acme", "acme-prod", HEADER.source(), null, "incident");
            ArtifactKeys k = layout.keysFor("p", header, new StreamPosition(POSITION.topicPartition(), offset));
            keys.add(k.manifestKey());
            keys.add(k.artifactKey());
        }
        List<String> byKey = new ArrayList<>(keys);
        byKey.sort(KeyOrder::compare);
        List<Long> offsetsInKeyOrder = byKey.stream().filter(k -> k.endsWith(ArtifactKeys.MANIFEST_SUFFIX))
                .map(k -> Long.parseLong(k.substring(k.indexOf("offset=") + 7, k.indexOf(".event=")))).toList();
        assertThat(offsetsInKeyOrder).isSorted();
        for (int i = 0; i + 1 < byKey.size(); i += 2) {
            assertThat(byKey.get(i)).endsWith(ArtifactKeys.ARTIFACT_SUFFIX);
            assertThat(byKey.get(i + 1)).isEqualTo(ArtifactKeys.manifestKeyOf(byKey.get(i)));
        }
    }

    @Test
    void awkwardValuesBecomeSafeSegments() {
        EventHeader header = new EventHeader("evt/../é ü=1", "cdc.write", HEADER.eventTime(), ArtifactKind.CDC,
                "tenant acme/eu", "..", "not a uri", null, null);
        for (LayoutVersion version : LayoutVersion.values()) {
            ArtifactKeys keys = ObjectKeyLayout.of(version).keysFor("p", header, POSITION);
            assertThat(ObjectKeys.requireValidKey(keys.artifactKey())).doesNotContain("/../", " ", "é");
            assertThat(keys.artifactKey()).contains("event=~b64~");
        }
        assertThat(ObjectKeyLayout.of(LayoutVersion.V1).stem("p", header, POSITION))
                .contains("/instance=~b64~Li4/app=_/table=_/");
        assertThat(KeySegments.eventToken("x".repeat(200))).startsWith("~sha256~").hasSize(8 + 64);
        assertThat(LayoutVersion.parse("V2")).isEqualTo(LayoutVersion.V2);
        assertThat(LayoutVersion.parse("rec.object-key-layout.v1")).isEqualTo(LayoutVersion.V1);
    }
}
