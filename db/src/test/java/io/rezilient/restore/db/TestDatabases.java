package io.rezilient.restore.db;

import io.rezilient.restore.db.local.LocalPostgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fresh PostgreSQL databases for integration tests, one per test class, so test classes never see each other's
 * rows. The server is {@code $REZ_TEST_PG_URL} when set — a JDBC URL (user and password as parameters) of a
 * user that may create databases and roles — otherwise one throwaway {@link LocalPostgres} per JVM, started on
 * first use and deleted when the JVM exits.
 *
 * <pre>{@code
 * static TestDatabase db;
 * @BeforeAll static void createDatabase() { db = TestDatabases.createMigrated("IndexStoreIT"); }
 * @AfterAll  static void dropDatabase()   { db.close(); }
 * }</pre>
 */
public final class TestDatabases {
    /** Environment variable with the server to use instead of a throwaway cluster. */
    public static final String SERVER_URL_ENV = "REZ_TEST_PG_URL";
    private static final int MAX_NAME_PART = 30;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Databases not yet dropped, for the clean-up of an external server when a test forgets to close one. */
    private static final Set<TestDatabase> OPEN = ConcurrentHashMap.newKeySet();
    private static PgUrl server;
    private static String migratedTemplate;

    private TestDatabases() {
    }

    /** A new, empty database whose name starts with {@code rez_} and the (sanitised) {@code testName}. */
    public static TestDatabase create(String testName) {
        return create(testName, "");
    }

    /**
     * A new database with this build's migrations applied: a copy of a template database this JVM migrated once
     * ({@code CREATE DATABASE … TEMPLATE}), which takes a fraction of the time running the migrations again takes.
     * The tests of the migrations themselves start from {@link #create} and migrate for real.
     */
    public static TestDatabase createMigrated(String testName) {
        return create(testName, " TEMPLATE " + migratedTemplate());
    }

    private static TestDatabase create(String testName, String options) {
        PgUrl serverUrl = server();
        String name = uniqueName(testName);
        try (Connection connection = serverUrl.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + options); // names are [a-z0-9_] only
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + serverUrl, e);
        }
        TestDatabase database = new TestDatabase(name, serverUrl.withDatabase(name), serverUrl);
        OPEN.add(database);
        return database;
    }

    /**
     * The name of this JVM's migrated template, created on first use. Nothing connects to it after its migration
     * (PostgreSQL copies a database only while no session uses it); an external server drops it with the other
     * databases at JVM exit.
     */
    private static synchronized String migratedTemplate() {
        if (migratedTemplate == null) {
            TestDatabase template = create("migrated_template");
            Migrations.migrate(template.dataSource());
            migratedTemplate = template.name();
        }
        return migratedTemplate;
    }

    /** The server every test database of this JVM lives on (started on first call when none is configured). */
    public static synchronized PgUrl server() {
        if (server == null) {
            String configured = System.getenv(SERVER_URL_ENV);
            if (configured != null && !configured.isBlank()) {
                server = PgUrl.parse(configured);
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropForgotten, "rez-test-db-cleanup"));
            } else {
                server = PgUrl.parse(LocalPostgres.throwaway().start());
            }
        }
        return server;
    }

    static void forget(TestDatabase database) {
        OPEN.remove(database);
    }

    private static void dropForgotten() {
        for (TestDatabase database : Set.copyOf(OPEN)) {
            try {
                database.close();
            } catch (RuntimeException ignored) {
                // best effort at JVM exit; the name says which test left it behind
            }
        }
    }

    static String uniqueName(String testName) {
        String part = testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (part.length() > MAX_NAME_PART) {
            part = part.substring(0, MAX_NAME_PART);
        }
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return "rez_" + (part.isEmpty() ? "test" : part) + "_" + HexFormat.of().formatHex(suffix);
    }
}
