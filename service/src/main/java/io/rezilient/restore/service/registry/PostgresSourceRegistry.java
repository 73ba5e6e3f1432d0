package io.rezilient.restore.service.registry;

import io.rezilient.restore.service.auth.ResourceScope;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's own registry, {@code rez_restore.source_registry} (migration V4): authoritative when no auth
 * control plane is configured (deviation S2). Resolving only reads, so it works with the read-only service role;
 * the management methods are for admins ({@code rez registry}) and need a role that may write the table.
 */
public final class PostgresSourceRegistry implements SourceRegistry {
    /** Unique violation: the (tenant, instance) already has a mapping. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** A CHECK (or domain) violation: a blank identifier or a malformed service name. */
    private static final String CHECK_VIOLATION = "23514";
    private static final String COLUMNS = "tenant_id, instance_id, source, tenant_state, entitlement_state,"
            + " instance_state, allowed_services, created_at, updated_at, updated_by";

    private final DataSource dataSource;

    public PostgresSourceRegistry(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public SourceResolution resolve(String tenantId, String instanceId, String serviceScope) {
        try {
            return find(tenantId, instanceId)
                    .<SourceResolution>map(entry -> new SourceResolution.Found(entry.mapping(), serviceScope,
                            entry.mapping().admits(serviceScope)))
                    .orElseGet(SourceResolution.NotFound::new);
        } catch (IllegalStateException e) {
            // an unreachable database must refuse like an unreachable ACP: fail closed, 503
            return SourceResolution.Outage.of(e.getMessage());
        }
    }

    public Optional<SourceRegistryEntry> find(String tenantId, String instanceId) {
        List<SourceRegistryEntry> rows = query("SELECT " + COLUMNS + " FROM rez_restore.source_registry"
                + " WHERE tenant_id = ? AND instance_id = ?", tenantId, instanceId);
        return rows.stream().findFirst();
    }

    /** Every mapping, ordered by tenant and instance. */
    public List<SourceRegistryEntry> list() {
        return query("SELECT " + COLUMNS + " FROM rez_restore.source_registry ORDER BY tenant_id, instance_id");
    }

    /**
     * Adds a mapping; refuses one for a (tenant, instance) that already has one, since moving an instance to
     * another source is a decision to take explicitly (remove, then add), not by accident.
     */
    public SourceRegistryEntry add(ResourceScope scope, List<String> allowedServices, LifecycleState tenantState,
                                   LifecycleState entitlementState, LifecycleState instanceState, String actor) {
        String sql = "INSERT INTO rez_restore.source_registry (tenant_id, instance_id, source, tenant_state,"
                + " entitlement_state, instance_state, allowed_services, updated_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, scope.tenantId());
            statement.setString(2, scope.instanceId());
            statement.setString(3, scope.source());
            statement.setString(4, tenantState.wire());
            statement.setString(5, entitlementState.wire());
            statement.setString(6, instanceState.wire());
            statement.setArray(7, connection.createArrayOf("text", allowedServices.toArray()));
            statement.setString(8, actor);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return entry(rows);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalArgumentException("tenant " + scope.tenantId() + " instance " + scope.instanceId()
                        + " already has a source mapping; remove it first to map it to another source");
            }
            if (CHECK_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalArgumentException("invalid source mapping: " + e.getMessage());
            }
            throw failure("cannot add the source mapping", e);
        }
    }

    /** Changes the named states; empty when the (tenant, instance) has no mapping. */
    public Optional<SourceRegistryEntry> setStates(String tenantId, String instanceId, StateChange change,
                                                  String actor) {
        String sql = "UPDATE rez_restore.source_registry SET"
                + " tenant_state = coalesce(?::text, tenant_state),"
                + " entitlement_state = coalesce(?::text, entitlement_state),"
                + " instance_state = coalesce(?::text, instance_state), updated_by = ?,"
                + " updated_at = greatest(now(), created_at)" // never before creation, even if clocks disagree
                + " WHERE tenant_id = ? AND instance_id = ? RETURNING " + COLUMNS;
        List<SourceRegistryEntry> rows = query(sql, wire(change.tenantState()), wire(change.entitlementState()),
                wire(change.instanceState()), actor, tenantId, instanceId);
        return rows.stream().findFirst();
    }

    /** Removes the mapping; false when there was none. */
    public boolean remove(String tenantId, String instanceId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "DELETE FROM rez_restore.source_registry WHERE tenant_id = ? AND instance_id = ?")) {
            statement.setString(1, tenantId);
            statement.setString(2, instanceId);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("cannot remove the source mapping", e);
        }
    }

    private List<SourceRegistryEntry> query(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<SourceRegistryEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw failure("source registry unavailable", e);
        }
    }

    private static SourceRegistryEntry entry(ResultSet row) throws SQLException {
        ResourceScope scope = new ResourceScope(row.getString("tenant_id"), row.getString("instance_id"),
                row.getString("source"));
        Array services = row.getArray("allowed_services");
        List<String> allowed = List.of((String[]) services.getArray());
        SourceMapping mapping = new SourceMapping(scope, state(row, "tenant_state"), state(row, "entitlement_state"),
                state(row, "instance_state"), allowed, row.getTimestamp("updated_at").toInstant());
        Timestamp created = row.getTimestamp("created_at");
        return new SourceRegistryEntry(mapping, created.toInstant(), row.getString("updated_by"));
    }

    /** The table CHECKs the states, so an unknown one means a schema this build does not know: fail loudly. */
    private static LifecycleState state(ResultSet row, String column) throws SQLException {
        String value = row.getString(column);
        return LifecycleState.fromWire(value)
                .orElseThrow(() -> new IllegalStateException("unknown " + column + " '" + value + "' in source_registry"));
    }

    private static String wire(Optional<LifecycleState> state) {
        return state.map(LifecycleState::wire).orElse(null);
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
