package io.rezilient.restore.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately small HTTP/1.1 client for load generation: pre-encoded requests over keep-alive loopback sockets,
 * responses read with {@code Content-Length} or chunked framing. Far cheaper per request than java.net.http (no
 * executor hand-offs, no header maps), so the load generator takes as little of the shared CPU as possible.
 * Connections are pooled: a request borrows an idle one or opens a new one, so an open-loop sender never waits for
 * a connection. As in any keep-alive client, a connection idle for a while is checked before reuse (the server closes
 * connections after its idle timeout; sending on such a one would fail through no fault of the request).
 */
final class RawHttp implements AutoCloseable {
    private final String host;
    private final int port;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger stale = new AtomicInteger();
    /** Idle longer than this, a connection is checked for a close by the server before it is reused. */
    private static final long VALIDATE_AFTER_IDLE_NANOS = 1_000_000_000L;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A response: status and body bytes. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An encoded request, reusable. */
    static byte[] request(String method, String path, String host, String token, byte[] body) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n")
                .append("Accept: application/json\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    String hostHeader() {
        return host + ":" + port;
    }

    /** Sends {@code request} on a pooled connection and reads the response; a failed connection is dropped. */
    Response exchange(byte[] request) throws IOException {
        Connection connection = idle.pollFirst();
        while (connection != null && System.nanoTime() - connection.lastUsed > VALIDATE_AFTER_IDLE_NANOS
                && !connection.stillOpen()) {
            stale.incrementAndGet();
            connection.close();
            connection = idle.pollFirst();
        }
        if (connection == null) {
            connection = new Connection(new Socket());
            connection.socket.setTcpNoDelay(true);
            connection.socket.connect(new InetSocketAddress(host, port), 5_000);
            opened.incrementAndGet();
        }
        try {
            Response response = connection.exchange(request);
            if (connection.reusable) {
                connection.lastUsed = System.nanoTime();
                idle.offerFirst(connection);
            } else {
                connection.close();
            }
            return response;
        } catch (IOException | RuntimeException failure) {
            connection.close();
            throw failure;
        }
    }

    /** Connections opened so far (a measure of the concurrency the server needed). */
    int connectionsOpened() {
        return opened.get();
    }

    /** Idle connections found closed by the server and dropped before reuse. */
    int staleConnectionsDropped() {
        return stale.get();
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }

    private static final class Connection {
        private final Socket socket;
        private OutputStream out;
        private InputStream in;
        private boolean reusable = true;
        private long lastUsed = System.nanoTime();

        Connection(Socket socket) {
            this.socket = socket;
        }

        Response exchange(byte[] request) throws IOException {
            if (out == null) {
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            String header;
            while (!(header = line()).isEmpty()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> reusable &= !value.equalsIgnoreCase("close");
                    default -> {
                        // not needed
                    }
                }
            }
            byte[] body;
            if (chunked) {
                body = chunkedBody();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length != length) {
                    throw new EOFException("response body ended early");
                }
            } else {
                body = in.readAllBytes();
                reusable = false;
            }
            return new Response(status, body);
        }

        private byte[] chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(n);
                if (chunk.length != n) {
                    throw new EOFException("chunk ended early");
                }
                body.write(chunk);
                line();
            }
        }

        /** A CRLF-terminated ASCII line without its terminator. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        /** Whether the server has not closed the connection: a 1 ms read sees no end of stream (nor stray bytes). */
        boolean stillOpen() {
            if (in == null) {
                return true;
            }
            try {
                socket.setSoTimeout(1);
                if (in.available() > 0) {
                    return false;
                }
                try {
                    // end of stream (closed) or an unexpected byte: either way not reusable
                    in.read();
                    return false;
                } catch (java.net.SocketTimeoutException quiet) {
                    return true;
                } finally {
                    socket.setSoTimeout(0);
                }
            } catch (IOException broken) {
                return false;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
