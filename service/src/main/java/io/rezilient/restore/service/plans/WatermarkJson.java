package io.rezilient.restore.service.plans;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.plan.PlanContract;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.index.AuthoritativeWatermark;

/**
 * An {@link AuthoritativeWatermark} as the reference's {@code RestoreWatermark}, the shape plans store and the API
 * returns. Only the measured verdict is rendered; the index's stored freshness columns never reach a plan
 * (service-spec §4.7).
 */
public final class WatermarkJson {
    private WatermarkJson() {
    }

    public static ObjectNode render(AuthoritativeWatermark watermark) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("contract_version", PlanContract.RESTORE_CONTRACT_VERSION);
        json.put("tenant_id", watermark.scope().tenantId());
        json.put("instance_id", watermark.scope().instanceId());
        json.put("source", watermark.scope().source());
        json.put("topic", watermark.partition().topic());
        json.put("partition", watermark.partition().partition());
        json.put("generation_id", watermark.generationId());
        json.put("indexed_through_offset", watermark.indexedThroughOffset());
        json.put("indexed_through_time", IsoUtc.format(watermark.indexedThroughTime()));
        json.put("coverage_start", IsoUtc.format(watermark.coverageStart()));
        json.put("coverage_end", IsoUtc.format(watermark.coverageEnd()));
        json.put("freshness", watermark.verdict().freshness().wire());
        json.put("executability", watermark.verdict().executability().wire());
        json.put("reason_code", watermark.verdict().reasonCode().wire());
        json.put("measured_at", IsoUtc.format(watermark.measuredAt()));
        return json;
    }
}
