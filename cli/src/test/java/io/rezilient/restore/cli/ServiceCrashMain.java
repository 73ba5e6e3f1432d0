package io.rezilient.restore.cli;

import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.config.ServiceSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The restore service as a child process for {@link ExecutionCrashSafetyIT}, which kills it ({@code SIGKILL})
 * mid-commit: configured from its environment, it binds loopback on port {@code args[0]} (0: any free port; a restart
 * binds the port its predecessor had, so agents find it where they left it), runs its clock from {@code args[1]}
 * (the test's workload lives in the clock's past), prints {@value #READY}{@code <port>} and serves until killed.
 * With {@code warm-up} for a port and a token as {@code args[2]}, it serves itself two requests and exits instead.
 */
public final class ServiceCrashMain {
    static final String READY = "READY ";

    private ServiceCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean warmUp = args[0].equals("warm-up");
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse(args[1])));
        ServiceRuntime runtime = ServiceRuntime.open(ServiceSettings.fromEnv(System.getenv()), clock);
        int port = runtime.start("127.0.0.1", warmUp ? 0 : Integer.parseInt(args[0]));
        if (warmUp) {
            try {
                warmUp(port, args[2]);
                runtime.close();
                System.exit(0);
            } catch (RuntimeException | IOException | InterruptedException failed) {
                failed.printStackTrace();
                System.exit(1); // the server's threads would keep a failed warm-up alive
            }
        }
        System.out.println(READY + port);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * Serves a request or two with {@code token} and returns: the JVM writes its class-data sharing archive at a
     * normal exit only, and every service the test starts later is killed.
     */
    private static void warmUp(int port, String token) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/readyz", "/v1/jobs?status=running&limit=1")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).header("authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("warm-up: GET " + path + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
        }
    }
}
