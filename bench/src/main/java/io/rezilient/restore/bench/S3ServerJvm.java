package io.rezilient.restore.bench;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The S3-compatible server of the indexer benchmark in a child JVM of its own: s3proxy (in memory) and, in front of
 * it, a {@link LatencyProxy} that makes every request wait like a remote store's. Keeping both out of the
 * benchmark's JVM makes that JVM's CPU time the indexer's alone, and lets the server's CPU be measured apart from
 * it (its process handle). The child prints the two ports on stdout and ends when its stdin closes (the benchmark
 * exits or closes this) or when it is destroyed. The server keeps every bucket of a benchmark in its heap (the
 * indexer benchmark writes about 120,000 objects): with 1 GiB it spent most of its time in full collections and the
 * figures measured its garbage collector, so it gets 6 GiB.
 */
final class S3ServerJvm implements AutoCloseable {
    static final String ACCESS_KEY = "access";
    static final String SECRET_KEY = "secret";
    private static final String PROTOCOL = "REZBENCH ";

    private final Process process;
    private final int directPort;
    private final int delayedPort;

    private S3ServerJvm(Process process, int directPort, int delayedPort) {
        this.process = process;
        this.directPort = directPort;
        this.delayedPort = delayedPort;
    }

    /** Starts the child JVM (same class path) and waits for its ports; {@code log} receives its stderr. */
    static S3ServerJvm start(Duration latency, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx6g", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                Long.toString(latency.toMillis()));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            int direct = -1;
            int delayed = -1;
            String line;
            while ((direct < 0 || delayed < 0) && (line = out.readLine()) != null) {
                if (line.startsWith(PROTOCOL + "s3 ")) {
                    direct = Integer.parseInt(line.substring((PROTOCOL + "s3 ").length()).trim());
                } else if (line.startsWith(PROTOCOL + "delayed ")) {
                    delayed = Integer.parseInt(line.substring((PROTOCOL + "delayed ").length()).trim());
                }
            }
            if (direct < 0 || delayed < 0) {
                throw new IOException("the S3 server JVM ended before printing its ports (see " + log + ")");
            }
            return new S3ServerJvm(process, direct, delayed);
        } catch (IOException | RuntimeException failure) {
            process.destroy();
            throw failure;
        }
    }

    /** s3proxy itself, answering at loopback speed. */
    URI direct() {
        return URI.create("http://127.0.0.1:" + directPort);
    }

    /** s3proxy behind the latency proxy. */
    URI delayed() {
        return URI.create("http://127.0.0.1:" + delayedPort);
    }

    /** The child process, whose CPU time is the S3 server's. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Closes the child's stdin (its signal to exit); destroys it if it has not exited within 30 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The child: {@code Main LATENCY_MS}. */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) throws Exception {
            PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                    StandardCharsets.UTF_8);
            System.setOut(System.err); // stdout carries the protocol only
            Duration latency = Duration.ofMillis(Long.parseLong(args[0]));
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start within 30 s: " + proxy.getState());
                }
                Thread.sleep(5);
            }
            try (LatencyProxy delayed = LatencyProxy.start(proxy.getPort(), latency)) {
                protocol.println(PROTOCOL + "s3 " + proxy.getPort());
                protocol.println(PROTOCOL + "delayed " + delayed.port());
                // the parent never writes; end of input means it is done (or gone)
                while (System.in.read() >= 0) {
                    continue;
                }
            } finally {
                proxy.stop();
            }
            System.exit(0); // Jetty's threads may linger
        }
    }
}
