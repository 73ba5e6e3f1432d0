package io.rezilient.restore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of an S3 server that makes it answer like a remote one: each request waits {@code latency}
 * before it reaches the server. A request is the first bytes a client sends after the server has answered on that
 * connection, or after a quiet gap (an SDK writes a small request in one burst; the rest of a large body follows
 * without a gap and is not delayed again), so every GET, PUT and LIST pays the latency once, as a round trip to a
 * remote store does. (The quiet gap alone is not enough: on a kept-alive connection to a fast server the next request
 * can follow the previous one's bytes within the gap, and would then travel undelayed.)
 */
final class LatencyProxy implements AutoCloseable {
    /** Bytes that follow within this gap continue the same request. */
    private static final long BURST_GAP_NANOS = Duration.ofMillis(2).toNanos();

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long latencyMillis;
    private volatile boolean open = true;

    private LatencyProxy(ServerSocket listener, InetSocketAddress upstream, Duration latency) {
        this.listener = listener;
        this.upstream = upstream;
        this.latencyMillis = latency.toMillis();
    }

    static LatencyProxy start(int upstreamPort, Duration latency) throws IOException {
        ServerSocket listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        LatencyProxy proxy = new LatencyProxy(listener,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), latency);
        Thread.ofVirtual().name("latency-proxy-accept").start(proxy::accept);
        return proxy;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(upstream);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                AtomicBoolean answered = new AtomicBoolean();
                Thread.ofVirtual().start(() -> pump(client, server, answered, true));
                Thread.ofVirtual().start(() -> pump(server, client, answered, false));
            } catch (IOException e) {
                if (open) {
                    System.err.println("latency proxy: " + e.getMessage());
                }
            }
        }
    }

    /**
     * Copies one direction of a connection. Client to server ({@code requests}): delays the first bytes of each
     * request. Server to client: marks the connection {@code answered}, so the client's next bytes start a request.
     */
    private void pump(Socket from, Socket to, AtomicBoolean answered, boolean requests) {
        byte[] buffer = new byte[64 * 1024];
        long last = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                long now = System.nanoTime();
                if (!requests) {
                    answered.set(true);
                } else if (answered.getAndSet(false) || now - last > BURST_GAP_NANOS) {
                    Thread.sleep(latencyMillis);
                }
                out.write(buffer, 0, read);
                out.flush();
                last = System.nanoTime();
            }
        } catch (IOException | InterruptedException closed) {
            // one side went away: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        listener.close();
    }
}
