package io.rezilient.restore.capture.simulate;

import io.rezilient.restore.capture.crypto.Sha256;
import java.nio.charset.StandardCharsets;

/** A synthetic attachment: a log excerpt, a CSV export, a JSON dump or an opaque binary, with real bytes. */
record AttachmentContent(String fileName, String contentType, byte[] bytes, String sha256) {
    /** Most attachments are small; one in ten is up to this large, so blobs span several chunks. */
    static final int MAX_LARGE_BYTES = 200 * 1024;
    private static final int MAX_SMALL_BYTES = 8 * 1024;
    private static final int MIN_BYTES = 200;

    static AttachmentContent generate(SeededRandom r) {
        int size = r.chance(0.1) ? r.between(MAX_SMALL_BYTES, MAX_LARGE_BYTES) : r.between(MIN_BYTES, MAX_SMALL_BYTES);
        String stem = r.pick(Vocabulary.LOG_COMPONENTS) + "-" + String.format("%05d", r.nextInt(100000));
        byte[] bytes;
        String type;
        String name;
        switch (r.nextInt(4)) {
            case 0 -> {
                type = "text/plain";
                name = stem + ".log";
                bytes = logText(r, size);
            }
            case 1 -> {
                type = "text/csv";
                name = stem + ".csv";
                bytes = csv(r, size);
            }
            case 2 -> {
                type = "application/json";
                name = stem + ".json";
                bytes = json(r, size);
            }
            default -> {
                type = "application/octet-stream";
                name = stem + ".bin";
                bytes = new byte[size];
                r.nextBytes(bytes);
            }
        }
        return new AttachmentContent(name, type, bytes, Sha256.hex(bytes));
    }

    private static byte[] logText(SeededRandom r, int size) {
        StringBuilder text = new StringBuilder(size + 128);
        int second = r.nextInt(86400);
        while (text.length() < size) {
            second += r.between(0, 30);
            text.append(String.format("2026-01-01 %02d:%02d:%02d ", second / 3600 % 24, second / 60 % 60, second % 60))
                    .append(r.chance(0.8) ? "INFO " : "WARN ").append(r.pick(Vocabulary.LOG_COMPONENTS)).append(' ')
                    .append(r.pick(Vocabulary.LOG_MESSAGES)).append('\n');
        }
        return cut(text, size);
    }

    private static byte[] csv(SeededRandom r, int size) {
        StringBuilder text = new StringBuilder(size + 128).append("host,component,status,latency_ms\n");
        while (text.length() < size) {
            text.append("node-").append(r.nextInt(500)).append(',').append(r.pick(Vocabulary.LOG_COMPONENTS))
                    .append(',').append(r.chance(0.9) ? "ok" : "degraded").append(',').append(r.nextInt(2000))
                    .append('\n');
        }
        return cut(text, size);
    }

    private static byte[] json(SeededRandom r, int size) {
        StringBuilder text = new StringBuilder(size + 128).append("[");
        while (text.length() < size - 2) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append("{\"component\":\"").append(r.pick(Vocabulary.LOG_COMPONENTS)).append("\",\"message\":\"")
                    .append(r.pick(Vocabulary.LOG_MESSAGES)).append("\",\"count\":").append(r.nextInt(1000)).append('}');
        }
        return text.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] cut(StringBuilder text, int size) {
        return text.substring(0, Math.min(size, text.length())).getBytes(StandardCharsets.UTF_8);
    }
}
