package io.rezilient.restore.capture;

/** Defaults shared by every way into capture (simulate, ingest, the demo). */
public final class CaptureDefaults {
    /** Key prefix under which artifacts and manifests are written (the indexer's source prefix). */
    public static final String PREFIX = "rez/restore-artifacts";
    /** Application scope named in manifests and v1 keys: the ServiceNow app that produces the events. */
    public static final String APP = "x_rezrp_rezilient";
    /** Partitions per topic; one tenant/instance must always be written with the same count. */
    public static final int PARTITIONS = 4;

    private CaptureDefaults() {
    }
}
