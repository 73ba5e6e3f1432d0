package io.rezilient.restore.capture.simulate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The simulated instance: its directory, live records per table, record-number counters and schema versions. */
final class World {
    final SeededRandom random;
    final Directory directory;
    private final Map<String, LiveSet> live = new LinkedHashMap<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final Map<String, Integer> schemaVersions = new HashMap<>();

    World(SeededRandom random, Iterable<String> tables) {
        this.random = random;
        this.directory = new Directory(random);
        for (String table : tables) {
            live.put(table, new LiveSet());
            schemaVersions.put(table, 1);
        }
    }

    LiveSet live(String table) {
        return live.getOrDefault(table, EMPTY);
    }

    /** A random live record's sys_id of {@code table}, or "" when there is none (an empty SN reference). */
    String randomReference(String table) {
        LiveSet set = live(table);
        return set.isEmpty() ? "" : set.pick(random).sysId;
    }

    /** The next display number of a table, e.g. INC0010001, INC0010002, … */
    String nextNumber(String prefix, int first) {
        int n = numbers.merge(prefix, first, (old, ignored) -> old + 1);
        return prefix + String.format("%07d", n);
    }

    int schemaVersion(String table) {
        return schemaVersions.getOrDefault(table, 1);
    }

    void bumpSchemaVersion(String table) {
        schemaVersions.merge(table, 1, Integer::sum);
    }

    int liveCount() {
        int total = 0;
        for (LiveSet set : live.values()) {
            total += set.size();
        }
        return total;
    }

    private static final LiveSet EMPTY = new LiveSet();
}
