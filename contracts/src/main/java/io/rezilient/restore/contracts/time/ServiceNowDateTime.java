package io.rezilient.restore.contracts.time;

import java.util.regex.Pattern;

/**
 * ServiceNow's {@code sys_updated_on} format, {@code YYYY-MM-DD HH:mm:ss}, read as UTC. The contract schema checks
 * the shape only (the reference accepts {@code 2026-02-30 10:00:00} and {@code 99:99:99} here); comparing two values
 * in time goes through {@link LenientDates}.
 */
public final class ServiceNowDateTime {
    public static final String RULE_MESSAGE = "must be ServiceNow timestamp (YYYY-MM-DD HH:mm:ss)";

    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

    private ServiceNowDateTime() {
    }

    /** True when the text has the ServiceNow timestamp shape. */
    public static boolean isValid(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }
}
