package io.rezilient.restore.agent.target;

import io.rezilient.restore.contracts.restore.TargetState;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link TargetWriter} that hands every call to another one. Wrappers that watch a writer — the benchmark's timer,
 * the tests' crash points and recorders — extend it and override only the calls they watch, so none of them can
 * forget to forward the others.
 */
public abstract class ForwardingTargetWriter implements TargetWriter {
    private final TargetWriter delegate;

    protected ForwardingTargetWriter(TargetWriter delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public ChunkResult apply(ChunkRequest chunk) {
        return delegate.apply(chunk);
    }

    @Override
    public Set<String> appliedRows(String jobId, Collection<String> rowIds) {
        return delegate.appliedRows(jobId, rowIds);
    }

    @Override
    public Map<RecordRef, TargetState> states(Collection<RecordRef> records) {
        return delegate.states(records);
    }

    @Override
    public Map<RecordRef, String> fingerprints(Collection<RecordRef> records) {
        return delegate.fingerprints(records);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
