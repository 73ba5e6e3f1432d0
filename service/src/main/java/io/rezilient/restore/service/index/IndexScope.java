package io.rezilient.restore.service.index;

/**
 * The tenant/instance/source every index read is confined to. Each query filters on all three first, so it only
 * ever touches the leading range of an index and never another tenant's rows.
 */
public record IndexScope(String tenantId, String instanceId, String source) {
    public IndexScope {
        tenantId = required("tenantId", tenantId);
        instanceId = required("instanceId", instanceId);
        source = required("source", source);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("index scope " + name + " is required");
        }
        return value.trim();
    }
}
