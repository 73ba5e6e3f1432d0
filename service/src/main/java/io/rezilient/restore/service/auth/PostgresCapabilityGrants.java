package io.rezilient.restore.service.auth;

import io.rezilient.restore.contracts.restore.Capability;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The grant table {@code rez_restore.capability_grants} (migration V6). {@link #granted} only reads, so it works with
 * the service's read-only role; {@link #grant}, {@link #revoke} and {@link #list} are for admins ({@code rez grants})
 * and need a database user that may write the table (no role the service runs with may).
 */
public final class PostgresCapabilityGrants implements CapabilityGrants {
    private static final String CHECK_VIOLATION = "23514";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String COLUMNS = "tenant_id, instance_id, source, subject, capability, granted_by, granted_at";
    private static final String ORDER = " ORDER BY tenant_id, instance_id, source, subject, capability";

    private final DataSource dataSource;

    public PostgresCapabilityGrants(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Set<Capability> granted(ResourceScope scope, String subject) {
        Set<Capability> granted = EnumSet.noneOf(Capability.class);
        for (CapabilityGrant grant : held(scope, subject)) {
            granted.add(grant.capability());
        }
        return granted;
    }

    /**
     * Grants each capability to {@code subject} in {@code scope}. Re-granting a held capability changes nothing, so
     * its row keeps the original grantor and time: the audit shows when the subject first got it.
     *
     * @return everything the subject now holds in the scope
     * @throws IllegalArgumentException for no capabilities or a blank identifier
     */
    public List<CapabilityGrant> grant(ResourceScope scope, String subject, Set<Capability> capabilities,
                                       String actor) {
        requireSome(capabilities);
        String sql = "INSERT INTO rez_restore.capability_grants (tenant_id, instance_id, source, subject, capability,"
                + " granted_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        try (Connection connection = dataSource.getConnection()) {
            // all or nothing: a half-applied grant would leave the subject with a set nobody asked for
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                // one statement per capability (at most five), not a batch: a batch hides the SQLSTATE of a refusal
                for (Capability capability : EnumSet.copyOf(capabilities)) {
                    bindKey(statement, scope, subject);
                    statement.setString(5, capability.wire());
                    statement.setString(6, actor);
                    statement.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw writeFailure("cannot grant capabilities", e);
        }
        return held(scope, subject);
    }

    /**
     * Takes the capabilities away from {@code subject} in {@code scope}; effective on the service's next request.
     *
     * @return the capabilities that were held and are now revoked (empty when the subject held none of them)
     */
    public Set<Capability> revoke(ResourceScope scope, String subject, Set<Capability> capabilities) {
        requireSome(capabilities);
        String sql = "DELETE FROM rez_restore.capability_grants WHERE tenant_id = ? AND instance_id = ? AND source = ?"
                + " AND subject = ? AND capability = ANY (?) RETURNING capability";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bindKey(statement, scope, subject);
            statement.setArray(5, connection.createArrayOf("text",
                    capabilities.stream().map(Capability::wire).toArray()));
            Set<Capability> revoked = EnumSet.noneOf(Capability.class);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    revoked.add(capability(rows));
                }
            }
            return revoked;
        } catch (SQLException e) {
            throw writeFailure("cannot revoke capabilities", e);
        }
    }

    /** Every grant, or those of one scope, ordered by scope, subject and capability. */
    public List<CapabilityGrant> list(Optional<ResourceScope> scope) {
        if (scope.isEmpty()) {
            return query("SELECT " + COLUMNS + " FROM rez_restore.capability_grants" + ORDER);
        }
        ResourceScope only = scope.get();
        return query("SELECT " + COLUMNS + " FROM rez_restore.capability_grants"
                + " WHERE tenant_id = ? AND instance_id = ? AND source = ?" + ORDER,
                only.tenantId(), only.instanceId(), only.source());
    }

    private List<CapabilityGrant> held(ResourceScope scope, String subject) {
        return query("SELECT " + COLUMNS + " FROM rez_restore.capability_grants"
                        + " WHERE tenant_id = ? AND instance_id = ? AND source = ? AND subject = ?" + ORDER,
                scope.tenantId(), scope.instanceId(), scope.source(), subject);
    }

    private List<CapabilityGrant> query(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<CapabilityGrant> grants = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    grants.add(new CapabilityGrant(new ResourceScope(rows.getString("tenant_id"),
                            rows.getString("instance_id"), rows.getString("source")), rows.getString("subject"),
                            capability(rows), rows.getString("granted_by"), rows.getTimestamp("granted_at").toInstant()));
                }
            }
            return grants;
        } catch (SQLException e) {
            throw new CapabilityGrantsUnavailableException("capability grants unavailable: " + e.getMessage(), e);
        }
    }

    private static void bindKey(PreparedStatement statement, ResourceScope scope, String subject) throws SQLException {
        statement.setString(1, scope.tenantId());
        statement.setString(2, scope.instanceId());
        statement.setString(3, scope.source());
        statement.setString(4, Objects.requireNonNull(subject, "subject"));
    }

    private static void requireSome(Set<Capability> capabilities) {
        if (capabilities.isEmpty()) {
            throw new IllegalArgumentException("name at least one capability");
        }
    }

    /** The table CHECKs the values, so an unknown one means a schema newer than this build: fail loudly. */
    private static Capability capability(ResultSet row) throws SQLException {
        String value = row.getString("capability");
        try {
            return Capability.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unknown capability '" + value + "' in capability_grants", e);
        }
    }

    /**
     * An admin's change: invalid values and missing write permission are the admin's mistake and say so; anything
     * else is an outage. (Reads map every failure to {@link CapabilityGrantsUnavailableException}: whatever the
     * cause, the service cannot tell what a caller holds and must fail closed.)
     */
    private static RuntimeException writeFailure(String what, SQLException e) {
        if (CHECK_VIOLATION.equals(e.getSQLState())) {
            return new IllegalArgumentException("invalid capability grant (identifiers must not be blank): "
                    + e.getMessage(), e);
        }
        if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
            return new IllegalStateException(what + ": the database user may not change rez_restore.capability_grants"
                    + " (use an admin login, not the service's roles): " + e.getMessage(), e);
        }
        return new CapabilityGrantsUnavailableException(what + ": " + e.getMessage(), e);
    }
}
