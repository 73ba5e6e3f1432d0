package io.rezilient.restore.service.testing;

import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.config.ServiceSettings;

import java.util.concurrent.CountDownLatch;

/**
 * The restore service as a process of its own, for tests that kill it ({@code SIGKILL}) mid-request: configured from
 * its environment, it binds loopback on a free port, prints {@code READY <port>} and serves until killed.
 */
public final class ServiceProcessMain {
    public static final String READY = "READY ";

    private ServiceProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceRuntime runtime = ServiceRuntime.open(ServiceSettings.fromEnv(System.getenv()));
        int port = runtime.start("127.0.0.1", 0);
        System.out.println(READY + port);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
