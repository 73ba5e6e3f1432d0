package io.rezilient.restore.objectstore;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of an object to write, opened afresh for every attempt (a retried upload re-sends them whole), so a large
 * object is streamed instead of held.
 */
@FunctionalInterface
public interface ContentSource {
    InputStream open() throws IOException;
}
