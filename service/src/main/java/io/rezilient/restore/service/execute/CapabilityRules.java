package io.rezilient.restore.service.execute;

import io.rezilient.restore.contracts.restore.Capability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which capabilities an execution needs and when it needs an elevated confirmation (service-spec §6.4).
 *
 * @param maxRows              {@code RRS_EXECUTE_MAX_ROWS}
 * @param elevatedSkipPercent  {@code RRS_EXECUTE_ELEVATED_SKIP_RATIO_PERCENT}
 * @param mediaMaxItems        {@code RRS_MEDIA_MAX_ITEMS}
 * @param mediaMaxBytes        {@code RRS_MEDIA_MAX_BYTES}
 */
public record CapabilityRules(int maxRows, double elevatedSkipPercent, int mediaMaxItems, long mediaMaxBytes) {

    /** What an execution of this shape needs. */
    record Requirement(Set<String> required, List<String> triggeredCaps) {
        boolean overrideRequired() {
            return !triggeredCaps.isEmpty();
        }
    }

    /**
     * @param plannedRows      the plan's rows
     * @param skipRows         plan rows with action skip
     * @param runtimeConflicts the runtime conflicts of the request
     * @param deletes          whether any row deletes (a delete row, or an allowed delete candidate)
     */
    Requirement requirement(List<String> jobCapabilities, long plannedRows, long skipRows, int runtimeConflicts,
                            boolean deletes, boolean schemaOverride, int mediaItems, long mediaBytes) {
        List<String> triggered = new ArrayList<>();
        if (plannedRows > maxRows) {
            triggered.add("row cap (" + plannedRows + " planned rows > " + maxRows + ")");
        }
        double skipPercent = plannedRows == 0 ? 0 : (skipRows + runtimeConflicts) * 100.0 / plannedRows;
        if (skipPercent > elevatedSkipPercent) {
            triggered.add("skip ratio (" + String.format(java.util.Locale.ROOT, "%.2f", skipPercent) + "% > "
                    + elevatedSkipPercent + "%)");
        }
        if (mediaItems > mediaMaxItems) {
            triggered.add("media item cap (" + mediaItems + " > " + mediaMaxItems + ")");
        }
        if (mediaBytes > mediaMaxBytes) {
            triggered.add("media byte cap (" + mediaBytes + " > " + mediaMaxBytes + ")");
        }
        Set<String> required = new TreeSet<>(jobCapabilities);
        required.add(Capability.RESTORE_EXECUTE.wire());
        if (deletes) {
            required.add(Capability.RESTORE_DELETE.wire());
        }
        if (schemaOverride) {
            required.add(Capability.RESTORE_SCHEMA_OVERRIDE.wire());
        }
        if (!triggered.isEmpty()) {
            required.add(Capability.RESTORE_OVERRIDE_CAPS.wire());
        }
        return new Requirement(Set.copyOf(required), List.copyOf(triggered));
    }

    /**
     * Elevated confirmation first (it names every triggered cap), then the missing capabilities in sorted order.
     *
     * @throws io.rezilient.restore.service.http.ApiError 403 {@code missing_capability}
     */
    static void check(Requirement requirement, Set<String> held, boolean confirmed) {
        if (requirement.overrideRequired() && !confirmed) {
            throw ExecutionErrors.missingCapability("elevated confirmation is required: "
                    + String.join(", ", requirement.triggeredCaps())
                    + "; send elevated_confirmation {confirmed, confirmation, reason} with restore_override_caps");
        }
        Set<String> missing = new TreeSet<>(requirement.required());
        missing.removeAll(held);
        if (!missing.isEmpty()) {
            throw ExecutionErrors.missingCapability("missing capabilities: " + String.join(", ", missing));
        }
    }
}
