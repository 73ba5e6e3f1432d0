package io.rezilient.restore.capture.simulate;

import java.util.List;
import java.util.Map;

/** The tables the synthetic workload knows, and how records are shared out between them. */
public final class Tables {
    public static final String INCIDENT = "incident";
    public static final String PROBLEM = "problem";
    public static final String CMDB_CI = "cmdb_ci";
    public static final String SYS_ATTACHMENT = "sys_attachment";
    public static final List<String> SUPPORTED = List.of(INCIDENT, PROBLEM, CMDB_CI, SYS_ATTACHMENT);
    /** Tables an attachment can hang off. */
    static final List<String> ATTACHMENT_PARENTS = List.of(INCIDENT, PROBLEM);
    /** Relative share of records per table (incidents dominate, as on a real instance). */
    static final Map<String, Integer> WEIGHTS = Map.of(INCIDENT, 45, PROBLEM, 10, CMDB_CI, 20, SYS_ATTACHMENT, 25);

    private Tables() {
    }
}
