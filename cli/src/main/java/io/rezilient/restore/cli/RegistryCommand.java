package io.rezilient.restore.cli;

import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.registry.LifecycleState;
import io.rezilient.restore.service.registry.PostgresSourceRegistry;
import io.rezilient.restore.service.registry.SourceMapping;
import io.rezilient.restore.service.registry.SourceRegistryEntry;
import io.rezilient.restore.service.registry.StateChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rez registry add|set-state|list|remove}: manage {@code rez_restore.source_registry}, the source mappings the
 * restore service enforces when no auth control plane is configured (deviation S2). Admin work: the URL must carry a
 * user that may write the table (the service's read-only role may not).
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Source registry: which source a tenant's instance maps to, and whether restores are allowed.",
        subcommands = {RegistryCommand.Add.class, RegistryCommand.SetState.class, RegistryCommand.ListMappings.class,
                RegistryCommand.Remove.class})
final class RegistryCommand implements Runnable {
    private static final String FORMAT = "%-20s %-20s %-32s %-12s %-17s %-14s %-10s %-24s %s%n";

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The database every subcommand works on. */
    static final class Target extends AdminDatabase {
        PostgresSourceRegistry registry() {
            return new PostgresSourceRegistry(database().dataSource());
        }
    }

    /** The (tenant, instance) a mapping is keyed by. */
    static final class Key {
        @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID")
        String tenant;
        @Option(names = "--instance", required = true, paramLabel = "INSTANCE_ID")
        String instance;
    }

    /** Who made the change; recorded as {@code updated_by}. */
    static final class Actor {
        @Option(names = "--actor", paramLabel = "NAME", description = "recorded as updated_by (default: cli:$USER)")
        private String actor;

        String name() {
            return actor != null ? actor : "cli:" + System.getProperty("user.name", "unknown");
        }
    }

    /** Exact wire values only, as the table and the ACP spell them. */
    static final class StateConverter implements ITypeConverter<LifecycleState> {
        @Override
        public LifecycleState convert(String value) {
            return LifecycleState.fromWire(value).orElseThrow(() -> new IllegalArgumentException(
                    "state must be active, suspended or disabled, got '" + value + "'"));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Map a tenant's instance to its source (refused if the instance is already mapped).")
    static final class Add implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Key key;
        @Mixin
        private Actor actor;
        @Option(names = "--source", required = true, paramLabel = "SOURCE")
        private String source;
        @Option(names = "--services", split = ",", paramLabel = "SCOPE", defaultValue = "rrs",
                description = "allowed service scopes, comma-separated (default: rrs)")
        private List<String> services;
        @Option(names = "--tenant-state", converter = StateConverter.class, defaultValue = "active")
        private LifecycleState tenantState;
        @Option(names = "--entitlement-state", converter = StateConverter.class, defaultValue = "active")
        private LifecycleState entitlementState;
        @Option(names = "--instance-state", converter = StateConverter.class, defaultValue = "active")
        private LifecycleState instanceState;

        @Override
        public Integer call() {
            SourceRegistryEntry added = target.registry().add(new ResourceScope(key.tenant, key.instance, source),
                    services, tenantState, entitlementState, instanceState, actor.name());
            print(spec, List.of(added));
            return 0;
        }
    }

    @Command(name = "set-state", mixinStandardHelpOptions = true,
            description = "Change the tenant, entitlement and/or instance state of a mapping.")
    static final class SetState implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Key key;
        @Mixin
        private Actor actor;
        @Option(names = "--tenant-state", converter = StateConverter.class)
        private LifecycleState tenantState;
        @Option(names = "--entitlement-state", converter = StateConverter.class)
        private LifecycleState entitlementState;
        @Option(names = "--instance-state", converter = StateConverter.class)
        private LifecycleState instanceState;

        @Override
        public Integer call() {
            StateChange change = new StateChange(Optional.ofNullable(tenantState), Optional.ofNullable(entitlementState),
                    Optional.ofNullable(instanceState));
            SourceRegistryEntry changed = target.registry().setStates(key.tenant, key.instance, change, actor.name())
                    .orElseThrow(() -> notMapped(key));
            print(spec, List.of(changed));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every mapping.")
    static final class ListMappings implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;

        @Override
        public Integer call() {
            List<SourceRegistryEntry> entries = target.registry().list();
            print(spec, entries);
            if (entries.isEmpty()) {
                spec.commandLine().getOut().println("(no source mappings)");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a mapping.")
    static final class Remove implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Key key;

        @Override
        public Integer call() {
            if (!target.registry().remove(key.tenant, key.instance)) {
                throw notMapped(key);
            }
            spec.commandLine().getOut().println("removed the mapping of tenant " + key.tenant + " instance "
                    + key.instance);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private static IllegalArgumentException notMapped(Key key) {
        return new IllegalArgumentException("tenant " + key.tenant + " instance " + key.instance
                + " has no source mapping");
    }

    private static void print(CommandSpec spec, List<SourceRegistryEntry> entries) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(FORMAT, "TENANT", "INSTANCE", "SOURCE", "TENANT_STATE", "ENTITLEMENT_STATE", "INSTANCE_STATE",
                "SERVICES",
                "UPDATED_AT", "UPDATED_BY");
        for (SourceRegistryEntry entry : entries) {
            SourceMapping mapping = entry.mapping();
            out.printf(FORMAT, mapping.scope().tenantId(), mapping.scope().instanceId(), mapping.scope().source(),
                    mapping.tenantState().wire(), mapping.entitlementState().wire(), mapping.instanceState().wire(),
                    mapping.allowedServices().isEmpty() ? "-" : String.join(",", mapping.allowedServices()),
                    mapping.updatedAt(), entry.updatedBy());
        }
        out.flush();
    }
}
