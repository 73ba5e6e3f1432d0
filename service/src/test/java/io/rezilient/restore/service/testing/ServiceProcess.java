package io.rezilient.restore.service.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link ServiceProcessMain} on this test's class path, which a test can kill like a crash
 * ({@link #kill()}: {@code SIGKILL}, no shutdown hooks, open transactions cut off).
 */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the child with {@code env} added to its environment and waits until it serves. */
    public static ServiceProcess start(Map<String, String> env) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), ServiceProcessMain.class.getName()))
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        // drains the child's output for its whole life (a full pipe would block it) and spots the READY line
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(ServiceProcessMain.READY)) {
                        ready.complete(Integer.parseInt(line.substring(ServiceProcessMain.READY.length()).trim()));
                    }
                }
            } catch (IOException ignored) {
                // the child died; whoever waits for READY is told below
            }
            ready.completeExceptionally(new IllegalStateException("the service process exited before it served"));
        }, "service-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServiceProcess(process, ready.get(60, TimeUnit.SECONDS));
        } catch (Exception failed) {
            process.destroyForcibly();
            throw failed;
        }
    }

    public int port() {
        return port;
    }

    /** Kills the process at once, as a crash would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
