package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.env.EnvTable;
import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.config.ServiceEnv;
import io.rezilient.restore.service.config.ServiceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code rez service run|env}: the restore service's HTTP API, configured by the environment variables of
 * service-spec §11 ({@code rez service env} prints them).
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Restore service: the HTTP API; configured by RRS_* and REZ_* variables.",
        subcommands = {ServiceCommand.Run.class, ServiceCommand.Env.class})
final class ServiceCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCommand.class);

    /** Where the settings come from: the process environment, or a map a test hands in. */
    private final Supplier<Map<String, String>> environment;

    @Spec
    private CommandSpec spec;

    ServiceCommand() {
        this(System::getenv);
    }

    ServiceCommand(Supplier<Map<String, String>> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Serve the API until SIGTERM/SIGINT; then stop accepting requests and close the pool.",
                    "Refuses to start (exit 2) on a configuration error, an unreachable database or a schema "
                            + "behind this build (run `rez db migrate`); in push mode also on an unreadable keyring"
                            + " or an unreachable target."})
    static final class Run implements Callable<Integer> {
        /** How long the shutdown hook waits for in-flight requests and the pool to close. */
        private static final long SHUTDOWN_GRACE_SECONDS = 30;

        @ParentCommand
        private ServiceCommand parent;
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ServiceRuntime runtime;
            ServiceSettings settings;
            try {
                // the whole environment is validated before anything connects (fail closed)
                Map<String, String> env = parent.environment.get();
                settings = ServiceSettings.fromEnv(env);
                LOG.atInfo().setMessage("restore service configuration").addKeyValue("config", settings.summary())
                        .log();
                // an operator who sets one of these may expect an effect: say plainly that there is none yet
                List<String> notUsedYet = EnvTable.setButNotUsedYet(ServiceEnv.ALL, env);
                if (!notUsedYet.isEmpty()) {
                    LOG.atWarn().setMessage("restore service settings accepted for compatibility, not used yet")
                            .addKeyValue("variables", notUsedYet).log();
                }
                settings.auth().startupWarnings().forEach(warning -> LOG.atWarn()
                        .setMessage("restore service configuration warning").addKeyValue("warning", warning).log());
                runtime = ServiceRuntimes.open(settings, Clock.systemUTC());
            } catch (IllegalArgumentException | IllegalStateException refused) {
                spec.commandLine().getErr().println("rez service: " + refused.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            }
            CountDownLatch stopRequested = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                LOG.info("restore service shutdown requested");
                stopRequested.countDown();
                // the JVM exits when the hooks end: wait so the server and pool close in order
                awaitQuietly(stopped, SHUTDOWN_GRACE_SECONDS);
            }, "rez-service-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (runtime) {
                int port = runtime.start();
                String host = settings.bindAddress().contains(":") ? "[" + settings.bindAddress() + "]"
                        : settings.bindAddress();
                out.println("restore service listening on http://" + host + ":" + port);
                out.flush();
                awaitQuietly(stopRequested, Long.MAX_VALUE);
                out.println("restore service stopping");
                out.flush();
                return 0;
            } catch (RuntimeException failure) {
                // e.g. the port is taken
                LOG.atError().setMessage("restore service failed").addKeyValue("error_message", failure.getMessage())
                        .setCause(failure).log();
                spec.commandLine().getErr().println("rez service: " + failure.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            } finally {
                stopped.countDown();
                removeQuietly(hook);
            }
        }
    }

    @Command(name = "env", mixinStandardHelpOptions = true,
            description = {"Print every environment variable of the restore service as a Markdown table "
                    + "(the README's).",
                    "Settings nothing acts on yet say so: \"Accepted for compatibility, not used yet.\""})
    static final class Env implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ServiceEnv.markdownTable());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already running the hook; it ends once we return
        }
    }
}
