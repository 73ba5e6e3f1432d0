package io.rezilient.restore.capture.truth;

/** Line kinds and field names of the ground-truth JSON-lines file ({@value #FORMAT}). */
final class TruthLines {
    static final String FORMAT = "rez.ground-truth.v1";
    static final String KIND = "kind";
    static final String HEADER = "header";
    static final String RECORD = "record";
    static final String MEDIA = "media";
    static final String SCHEMA = "schema";

    private TruthLines() {
    }
}
