package io.rezilient.restore.capture.simulate;

import java.util.ArrayList;
import java.util.List;

/** The live records of one table, with O(1) add, remove and uniform random pick. */
final class LiveSet {
    private final List<SimRecord> records = new ArrayList<>();

    void add(SimRecord record) {
        record.liveIndex = records.size();
        records.add(record);
    }

    void remove(SimRecord record) {
        int at = record.liveIndex;
        SimRecord last = records.removeLast();
        if (last != record) {
            records.set(at, last);
            last.liveIndex = at;
        }
        record.liveIndex = -1;
    }

    int size() {
        return records.size();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    SimRecord pick(SeededRandom random) {
        return records.get(random.nextInt(records.size()));
    }
}
