package io.rezilient.restore.bench;

import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.db.PgUrl;
import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.config.ServiceSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The restore service as a child JVM of a benchmark: {@link ServiceRuntime} on a database and a filesystem object
 * store, a fixed clock, an HS256 signing secret, loopback on an ephemeral port. The benchmark talks to it over HTTP
 * and over a line protocol on the child's stdin/stdout ({@code reset}, {@code peak}, {@code exit}; answers
 * {@code REZBENCH <name> <value>}); the service's logs go to a file.
 *
 * <p>{@code -Drez.bench.jfr=DIR} (on the benchmark JVM) records a JFR profile ({@code settings=profile}, or
 * {@code -Drez.bench.jfrSettings=default} for less overhead) of the service JVM into {@code DIR/service.jfr}.
 */
public final class ServiceJvm implements AutoCloseable {
    private static final String PROTOCOL = "REZBENCH ";

    private final Process process;
    private final BufferedReader out;
    private final int port;

    private ServiceJvm(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.port = Integer.parseInt(await("listening"));
    }

    /** What the service JVM is started with; {@code heapSampler}: sample the used heap every 2 ms ({@link Main}). */
    public record Options(String xmx, Instant now, String signingSecret, Map<String, String> extraEnv,
                          boolean heapSampler, Path log) {
    }

    /** Starts the service JVM and waits until it listens. */
    public static ServiceJvm start(PgUrl database, Path objects, Options options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + options.xmx()));
        String jfr = System.getProperty("rez.bench.jfr");
        if (jfr != null) {
            Files.createDirectories(Path.of(jfr));
            command.add("-XX:StartFlightRecording=filename=" + Path.of(jfr).resolve("service.jfr")
                    + ",settings=" + System.getProperty("rez.bench.jfrSettings", "profile"));
        }
        command.addAll(List.of("-Drez.bench.clock=" + IsoUtc.format(options.now()),
                "-Drez.bench.heapSampler=" + options.heapSampler(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(options.log().toFile());
        KeyPair evidence = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Map<String, String> env = builder.environment();
        env.put("REZ_RESTORE_PG_URL", database.jdbcUrl());
        env.put("REZ_OBJECT_STORE_ROOT", objects.toString());
        env.put("RRS_AUTH_SIGNING_KEY", options.signingSecret());
        env.put("RRS_ADMIN_TOKEN", "benchmark-admin-token");
        env.put("RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", pem("PRIVATE KEY", evidence.getPrivate().getEncoded()));
        env.put("RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", pem("PUBLIC KEY", evidence.getPublic().getEncoded()));
        env.putAll(options.extraEnv());
        Process process = builder.start();
        try {
            return new ServiceJvm(process);
        } catch (IOException | RuntimeException failure) {
            process.destroy();
            throw failure;
        }
    }

    public int port() {
        return port;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Sends one protocol command. */
    public void send(String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The value of the next {@code REZBENCH name …} line, skipping anything else. */
    public String await(String name) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(PROTOCOL + name + " ")) {
                return line.substring((PROTOCOL + name + " ").length()).trim();
            }
        }
        throw new IOException("the service JVM ended before answering " + name);
    }

    /** Asks the service JVM to exit; kills it if it has not within 30 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            try {
                send("exit");
            } catch (IOException gone) {
                // already exiting
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /**
     * The service JVM: the restore service on the environment's settings and a fixed clock, plus (unless
     * {@code -Drez.bench.heapSampler=false}) a used-heap sampler; answers {@code reset} (GC, forget the peak),
     * {@code peak} and {@code exit} on stdin.
     */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) throws Exception {
            PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                    StandardCharsets.UTF_8);
            // the service's logs go to stderr (the log file), stdout carries the protocol only
            System.setOut(System.err);
            Clock clock = Clock.fixed(Instant.parse(System.getProperty("rez.bench.clock")), ZoneOffset.UTC);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peak = new AtomicLong();
            AtomicLong peakAfterGc = new AtomicLong();
            listenToCollections(peakAfterGc);
            Thread sampler = null;
            if (Boolean.parseBoolean(System.getProperty("rez.bench.heapSampler", "true"))) {
                sampler = Thread.ofPlatform().daemon().name("rez-bench-heap-sampler").start(() -> {
                    while (true) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(Duration.ofMillis(2));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            try (ServiceRuntime runtime = ServiceRuntime.open(ServiceSettings.fromEnv(System.getenv()), clock)) {
                int port = runtime.start("127.0.0.1", 0);
                protocol.println(PROTOCOL + "listening " + port);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String command;
                while ((command = in.readLine()) != null) {
                    switch (command.trim()) {
                        case "reset" -> {
                            System.gc();
                            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                                if (pool.getType() == MemoryType.HEAP) {
                                    pool.resetPeakUsage();
                                }
                            }
                            peak.set(memory.getHeapMemoryUsage().getUsed());
                            peakAfterGc.set(0);
                            protocol.println(PROTOCOL + "reset " + peak.get());
                        }
                        case "peak" -> protocol.println(PROTOCOL + "peak " + peak.get() + " " + peakAfterGc.get()
                                + " " + memory.getHeapMemoryUsage().getCommitted());
                        case "exit" -> {
                            if (sampler != null) {
                                sampler.interrupt();
                            }
                            return;
                        }
                        default -> protocol.println(PROTOCOL + "error unknown command " + command);
                    }
                }
            }
        }

        /** Keeps the largest heap occupancy right after a collection in {@code peakAfterGc}. */
        private static void listenToCollections(AtomicLong peakAfterGc) {
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        return;
                    }
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) notification.getUserData());
                    long after = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        var usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                        if (pool.getType() == MemoryType.HEAP && usage != null) {
                            after += usage.getUsed();
                        }
                    }
                    peakAfterGc.accumulateAndGet(after, Math::max);
                }, null, null);
            }
        }
    }
}
