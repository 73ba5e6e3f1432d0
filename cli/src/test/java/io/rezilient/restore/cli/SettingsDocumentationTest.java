package io.rezilient.restore.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rezilient.restore.contracts.env.EnvVar;
import io.rezilient.restore.indexer.config.IndexerEnv;
import io.rezilient.restore.indexer.config.IndexerSettings;
import io.rezilient.restore.service.config.ServiceEnv;
import io.rezilient.restore.service.config.ServiceSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every documented setting does what its row says, or its row says plainly that it does nothing yet: the README
 * tables, {@code rez indexer env}, {@code rez service env} and the start-up logs all read the one flag on the
 * variable's definition ({@link EnvVar#use()}), and this test pins which settings carry it.
 */
class SettingsDocumentationTest {
    private static final Path README = Path.of("..", "README.md");
    /** Read and validated like the reference's, but nothing acts on them (issue 12 item 3). */
    private static final List<String> INDEXER_NOT_USED_YET = List.of("REZ_RESTORE_INDEXER_DEFAULT_TENANT",
            "REZ_RESTORE_INDEXER_FRESHNESS_TIMEOUT_SECONDS", "REZ_RESTORE_INDEXER_SOURCE_TENANT_ID",
            "REZ_RESTORE_INDEXER_SOURCE_INGESTION_MODE");
    private static final List<String> SERVICE_NOT_USED_YET = List.of("RRS_MEDIA_CHUNK_SIZE",
            "RRS_MEDIA_MAX_RETRY_ATTEMPTS", "RRS_STAGING_MODE_ENABLED",
            "RRS_GA_RUNBOOKS_SIGNED_OFF");

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(IndexerCommand.class),
            (Logger) LoggerFactory.getLogger(ServiceCommand.class));

    @BeforeEach
    void capture() {
        events.start();
        loggers.forEach(logger -> logger.addAppender(events));
    }

    @AfterEach
    void release() {
        loggers.forEach(logger -> logger.detachAppender(events));
    }

    @Test
    void theReadmeCarriesBothTablesExactlyAsTheCommandsPrintThem() throws Exception {
        String readme = Files.readString(README);
        assertThat(readme).contains(print(new IndexerCommand(Map::of), "env"))
                .contains(print(new ServiceCommand(Map::of), "env"));
    }

    @Test
    void everyTableMarksExactlyTheSettingsNothingActsOn() {
        assertThat(marked(print(new IndexerCommand(Map::of), "env"))).containsExactlyElementsOf(INDEXER_NOT_USED_YET);
        assertThat(marked(print(new ServiceCommand(Map::of), "env"))).containsExactlyElementsOf(SERVICE_NOT_USED_YET);
    }

    @Test
    void theStartUpLogsListTheSameSettings(@TempDir Path root) throws Exception {
        assertThat(IndexerSettings.fromEnv(indexerEnv(root)).logFields())
                .containsEntry("settings_not_used_yet", INDEXER_NOT_USED_YET);
        assertThat(ServiceSettings.fromEnv(serviceEnv(root)).summary())
                .containsEntry("settings_not_used_yet", SERVICE_NOT_USED_YET);
    }

    @Test
    void theIndexerWarnsAboutASettingThatDoesNothingWhenItIsSet(@TempDir Path root) {
        Map<String, String> env = indexerEnv(root);
        assertThat(run(new IndexerCommand(() -> env), "once")).as("no database to connect to").isNotZero();
        assertThat(warnings()).as("nothing set, nothing to warn about").isEmpty();

        env.put("REZ_RESTORE_INDEXER_BACKFILL_MAX_LAG_SECONDS", "10");
        env.put("REZ_RESTORE_INDEXER_FRESHNESS_TIMEOUT_SECONDS", "10");
        env.put("REZ_RESTORE_INDEXER_SOURCE_TENANT_ID", "tenant-acme");
        env.put("REZ_RESTORE_INDEXER_BATCH_SIZE", "10");
        run(new IndexerCommand(() -> env), "once");
        assertThat(warnings()).containsExactly(Map.of("message",
                "restore-indexer settings accepted for compatibility, not used yet", "variables",
                List.of("REZ_RESTORE_INDEXER_FRESHNESS_TIMEOUT_SECONDS", "REZ_RESTORE_INDEXER_SOURCE_TENANT_ID")));
    }

    @Test
    void theServiceWarnsAboutSettingsThatDoNothingWhenTheyAreSet(@TempDir Path root) throws Exception {
        Map<String, String> env = serviceEnv(root);
        env.put("RRS_MEDIA_CHUNK_SIZE", "50");
        env.put("RRS_STAGING_MODE_ENABLED", "true");
        env.put("RRS_RESTORE_INDEX_STALE_AFTER_SECONDS", "60");
        env.put("RRS_EXECUTE_MAX_ROWS", "50");
        env.put("RRS_EXECUTE_MAX_CHUNKS_PER_ATTEMPT", "2");
        assertThat(run(new ServiceCommand(() -> env), "run")).as("no database to connect to").isEqualTo(2);
        assertThat(warnings()).containsExactly(Map.of("message",
                "restore service settings accepted for compatibility, not used yet", "variables",
                List.of("RRS_MEDIA_CHUNK_SIZE", "RRS_STAGING_MODE_ENABLED")));

        events.list.clear();
        env.remove("RRS_MEDIA_CHUNK_SIZE");
        env.remove("RRS_STAGING_MODE_ENABLED");
        run(new ServiceCommand(() -> env), "run");
        assertThat(warnings()).as("a minimal deployment (evidence keys included) is not warned about").isEmpty();
    }

    /** The names of the table rows whose description starts with the not-used-yet note. */
    private static List<String> marked(String table) {
        return table.lines().filter(line -> line.startsWith("| `"))
                .filter(line -> line.split(" \\| ", 3)[2].startsWith(EnvVar.NOT_USED_YET_NOTE + " "))
                .map(line -> line.substring(3, line.indexOf('`', 3))).toList();
    }

    private List<Map<String, Object>> warnings() {
        return events.list.stream().filter(event -> event.getLevel() == Level.WARN).map(event -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("message", event.getMessage());
            event.getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
            return fields;
        }).toList();
    }

    private static String print(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute(args)).isZero();
        return out.toString();
    }

    private static int run(Object command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        commandLine.setExecutionExceptionHandler((failure, cmd, parsed) -> 2);
        return commandLine.execute(args);
    }

    /** A valid indexer environment whose database does not answer (port 1), so a command fails after validating. */
    private static Map<String, String> indexerEnv(Path root) {
        return new HashMap<>(Map.of("REZ_RESTORE_PG_URL", "jdbc:postgresql://127.0.0.1:1/rez?user=rez",
                "REZ_RESTORE_INDEXER_SOURCE_ROOT", root.toString(), "REZ_RESTORE_INDEXER_SOURCE_PREFIX", "rec",
                "REZ_RESTORE_INDEXER_SOURCE_GENERATION_ID", "gen-1", "REZ_RESTORE_INDEXER_INGEST_SCOPE_ID", "scope-a",
                "REZ_RESTORE_INDEXER_SOURCE_URI", "sn://acme"));
    }

    /** A valid service environment whose database does not answer (port 1). */
    private static Map<String, String> serviceEnv(Path root) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new HashMap<>(Map.of("REZ_RESTORE_PG_URL", "jdbc:postgresql://127.0.0.1:1/rez?user=rez",
                "RRS_ADMIN_TOKEN", "admin-token", "RRS_AUTH_SIGNING_KEY", "signing-key-of-at-least-32-bytes-00",
                "REZ_OBJECT_STORE_ROOT", root.toString(), "RRS_AUTH_EXPECTED_ISSUER", "rez-auth-control-plane",
                "RRS_EVIDENCE_SIGNING_PRIVATE_KEY_PEM", pem("PRIVATE KEY", keys.getPrivate().getEncoded()),
                "RRS_EVIDENCE_SIGNING_PUBLIC_KEY_PEM", pem("PUBLIC KEY", keys.getPublic().getEncoded())));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END "
                + label + "-----\n";
    }
}
