package io.rezilient.restore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a directory's filesystem can do at most, without any of our code: small files created per second by plain
 * {@code java.nio} calls, once as the filesystem object store publishes them (write a temp file, then rename it over
 * the key) and once as a bare create-and-write. Divided by the objects capture writes per event, it is the highest
 * event rate any writer could reach on that directory, so a benchmark figure can be read against it.
 */
final class FileCreationCeiling {
    /** Bytes per file: about the size of a manifest. */
    private static final int FILE_SIZE = 700;

    record Result(double atomicFilesPerSecond, double plainFilesPerSecond) {
    }

    private FileCreationCeiling() {
    }

    /** Creates {@code files} files twice under {@code work} with {@code threads} writers (one directory each). */
    static Result measure(Path work, int files, int threads) throws IOException, InterruptedException {
        double atomic = run(work.resolve("ceiling-atomic"), files, threads, true);
        double plain = run(work.resolve("ceiling-plain"), files, threads, false);
        return new Result(atomic, plain);
    }

    private static double run(Path root, int files, int threads, boolean viaRename)
            throws IOException, InterruptedException {
        byte[] body = new byte[FILE_SIZE];
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            Files.createDirectories(root.resolve("partition=" + t));
        }
        long start = System.nanoTime();
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                Path directory = root.resolve("partition=" + t);
                writers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < files; i = next.getAndIncrement()) {
                        Path file = directory.resolve("offset=%020d.artifact.json".formatted(i));
                        if (viaRename) {
                            Path temp = directory.resolve(".tmp-" + i);
                            Files.write(temp, body);
                            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                        } else {
                            Files.write(file, body);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } catch (ExecutionException failed) {
            throw new IOException("creating files under " + root + " failed", failed.getCause());
        }
        return files / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    }
}
