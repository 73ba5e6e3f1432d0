package io.rezilient.restore.objectstore.fs;

import io.rezilient.restore.objectstore.KeyOrder;
import io.rezilient.restore.objectstore.ListPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small, repeatable measurement of {@link FileSystemObjectStore#list} on one big partition
 * directory, shaped like the indexer's: {@code offset=<20 digits>.event=<token>.manifest.json} and
 * {@code .artifact.json} files, listed from a start-after in the middle. Not a test and not an
 * assertion: run it by hand and read the numbers.
 *
 * <pre>
 * mvn -q -pl objectstore test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp objectstore/target/classes:objectstore/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.rezilient.restore.objectstore.fs.ListingMeasurement [files] [rounds]
 * </pre>
 */
public final class ListingMeasurement {

    private ListingMeasurement() {
    }

    public static void main(String[] args) throws IOException {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 25_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path root = Files.createTempDirectory("rez-list-measure");
        try {
            FileSystemObjectStore store = new FileSystemObjectStore(root, false);
            String prefix = "rez/instance=i1/partition=7/";
            Path directory = root.resolve(prefix);
            Files.createDirectories(directory);
            List<String> keys = new ArrayList<>(files);
            for (int i = 0; i < files; i++) {
                // Two files per offset, like the indexer's manifest + artifact pairs.
                String name = String.format("offset=%020d.event=%08x.%s.json",
                        i / 2, (i / 2) * 2654435761L & 0xffffffffL, i % 2 == 0 ? "manifest" : "artifact");
                Files.write(directory.resolve(name), new byte[] {'{', '}'});
                keys.add(prefix + name);
            }
            keys.sort(KeyOrder.UTF8);
            String middle = keys.get(files / 2);

            measure(store, prefix, middle, 1000, rounds, "list(dir, middle, 1000)");
            measure(store, prefix, middle, 100, rounds, "list(dir, middle, 100)");
            measure(store, prefix, middle, 5000, rounds, "list(dir, middle, 5000)");
            measure(store, prefix, null, 1000, rounds, "list(dir, null, 1000)");
            measure(store, prefix, keys.get(files - 500), 1000, rounds, "list(dir, last-500, 1000)");
            measure(store, "", middle, 1000, rounds, "list(root, middle, 1000)");
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void measure(FileSystemObjectStore store, String prefix, String startAfter, int limit,
            int rounds, String label) {
        long first = 0;
        long[] times = new long[rounds];
        int keys = 0;
        for (int round = -1; round < rounds; round++) {
            long start = System.nanoTime();
            ListPage page = store.list(prefix, startAfter, limit);
            long elapsed = System.nanoTime() - start;
            keys = page.keys().size();
            if (round < 0) {
                first = elapsed;
            } else {
                times[round] = elapsed;
            }
        }
        Arrays.sort(times);
        System.out.printf("%-28s keys=%4d  first=%7.2f ms  median=%7.2f ms  min=%7.2f ms%n",
                label, keys, first / 1e6, times[rounds / 2] / 1e6, times[0] / 1e6);
    }
}
