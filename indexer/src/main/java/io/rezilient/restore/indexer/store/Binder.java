package io.rezilient.restore.indexer.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds the parameters of one statement. */
@FunctionalInterface
interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
}
