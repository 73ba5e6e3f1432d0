package io.rezilient.restore.capture.truth;

/**
 * Receives the ground truth of a synthetic workload, in event order. It holds plaintext record values, so it is
 * never written to the object store, only to a local file ({@link GroundTruthFile}) or dropped ({@link #NONE}).
 */
public interface GroundTruthSink extends AutoCloseable {

    void header(TruthHeader header);

    void record(RecordVersion version);

    void media(MediaVersion version);

    void schema(SchemaVersion version);

    @Override
    void close();

    /** Keeps nothing (benchmarks). */
    GroundTruthSink NONE = new GroundTruthSink() {
        @Override
        public void header(TruthHeader header) {
        }

        @Override
        public void record(RecordVersion version) {
        }

        @Override
        public void media(MediaVersion version) {
        }

        @Override
        public void schema(SchemaVersion version) {
        }

        @Override
        public void close() {
        }
    };
}
