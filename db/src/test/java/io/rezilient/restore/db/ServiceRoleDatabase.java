package io.rezilient.restore.db;

import javax.sql.DataSource;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A migrated test database with one login of each restore-service role, for the schema tests of
 * {@code rez_restore}: the owner writes fixtures, the reader and writer show what each role may do.
 */
final class ServiceRoleDatabase implements AutoCloseable {
    private final TestDatabase db;
    private final String readerLogin;
    private final String writerLogin;
    private final DataSource reader;
    private final DataSource writer;

    private ServiceRoleDatabase(TestDatabase db, String readerLogin, String writerLogin) {
        this.db = db;
        this.readerLogin = readerLogin;
        this.writerLogin = writerLogin;
        this.reader = db.createLogin(readerLogin, RestoreSchemas.SERVICE_RO_ROLE);
        this.writer = db.createLogin(writerLogin, RestoreSchemas.SERVICE_RW_ROLE);
    }

    /** Logins get a random suffix: roles are cluster-wide and test classes may share a cluster. */
    static ServiceRoleDatabase create(String testName) {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String prefix = "rez_it_" + testName.toLowerCase().replaceAll("[^a-z0-9]", "");
        return new ServiceRoleDatabase(TestDatabases.createMigrated(testName), prefix + "_ro_" + suffix,
                prefix + "_rw_" + suffix);
    }

    DataSource owner() {
        return db.dataSource();
    }

    DataSource reader() {
        return reader;
    }

    DataSource writer() {
        return writer;
    }

    @Override
    public void close() {
        db.close();
        db.dropLogin(readerLogin);
        db.dropLogin(writerLogin);
    }
}
