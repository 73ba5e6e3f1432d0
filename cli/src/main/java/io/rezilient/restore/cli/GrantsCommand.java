package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.auth.CapabilityGrant;
import io.rezilient.restore.service.auth.PostgresCapabilityGrants;
import io.rezilient.restore.service.auth.ResourceScope;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code rez grants add|remove|list}: manage {@code rez_restore.capability_grants}, the capabilities of token subjects
 * whose tokens carry no {@code capabilities} claim, such as the auth control plane's (architecture §5 deviation 2).
 * Admin work: the URL must carry a user that may write the table (neither service role may).
 */
@Command(name = "grants", mixinStandardHelpOptions = true,
        description = "Capability grants: what a token subject may do in a tenant's instance and source when its"
                + " token has no capabilities claim.",
        subcommands = {GrantsCommand.Add.class, GrantsCommand.Remove.class, GrantsCommand.ListGrants.class})
final class GrantsCommand implements Runnable {
    private static final String FORMAT = "%-20s %-20s %-32s %-24s %-24s %-24s %s%n";

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The database every subcommand works on. */
    static final class Target extends AdminDatabase {
        PostgresCapabilityGrants grants() {
            return new PostgresCapabilityGrants(database().dataSource());
        }
    }

    /** The scope a grant belongs to: a token's (tenant_id, instance_id, source). */
    static final class Scope {
        @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID")
        String tenant;
        @Option(names = "--instance", required = true, paramLabel = "INSTANCE_ID")
        String instance;
        @Option(names = "--source", required = true, paramLabel = "SOURCE")
        String source;

        ResourceScope scope() {
            return new ResourceScope(tenant, instance, source);
        }
    }

    /** Whose grants, and which capabilities. */
    static final class Holder {
        @Option(names = "--subject", required = true, paramLabel = "SUB", description = "the token's sub claim")
        String subject;
        @Option(names = "--capabilities", required = true, paramLabel = "LIST",
                description = "comma-separated: restore_execute, restore_delete, restore_override_caps,"
                        + " restore_schema_override, rrs.admin")
        String capabilities;

        Set<Capability> parsed() {
            return parseCapabilities(capabilities);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Grant capabilities to a subject in one scope (already held ones are kept as they are).")
    static final class Add implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Scope scope;
        @Mixin
        private Holder holder;
        @Option(names = "--actor", paramLabel = "NAME", description = "recorded as granted_by (default: cli:$USER)")
        private String actor;

        @Override
        public Integer call() {
            Set<Capability> capabilities = holder.parsed();
            String grantor = actor != null ? actor : "cli:" + System.getProperty("user.name", "unknown");
            print(spec, target.grants().grant(scope.scope(), holder.subject, capabilities, grantor));
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Revoke capabilities of a subject in one scope; effective on the service's next request.")
    static final class Remove implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Scope scope;
        @Mixin
        private Holder holder;

        @Override
        public Integer call() {
            Set<Capability> named = holder.parsed();
            Set<Capability> revoked = target.grants().revoke(scope.scope(), holder.subject, named);
            if (revoked.isEmpty()) {
                // nothing changed: most likely a typo in the scope or subject, which the admin must hear about
                throw new IllegalArgumentException("subject " + holder.subject + " holds none of " + wires(named)
                        + " in tenant " + scope.tenant + " instance " + scope.instance + " source " + scope.source);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("revoked " + wires(revoked) + " from " + holder.subject + " in tenant " + scope.tenant
                    + " instance " + scope.instance + " source " + scope.source);
            Set<Capability> notHeld = EnumSet.copyOf(named);
            notHeld.removeAll(revoked);
            if (!notHeld.isEmpty()) {
                out.println("(not held: " + wires(notHeld) + ")");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print every grant, or those of one scope (--tenant, --instance and --source together).")
    static final class ListGrants implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @ArgGroup(exclusive = false)
        private Scope scope;

        @Override
        public Integer call() {
            List<CapabilityGrant> grants = target.grants().list(Optional.ofNullable(scope).map(Scope::scope));
            print(spec, grants);
            if (grants.isEmpty()) {
                spec.commandLine().getOut().println("(no capability grants)");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    /**
     * Strict: exact wire values, no empty entries, no repeats — a grant list is a security decision and a typo must
     * not be silently narrowed or ignored.
     */
    static Set<Capability> parseCapabilities(String list) {
        Set<Capability> parsed = EnumSet.noneOf(Capability.class);
        for (String item : list.split(",", -1)) {
            String name = item.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("--capabilities has an empty entry in '" + list + "'");
            }
            if (!parsed.add(Capability.fromWire(name))) {
                throw new IllegalArgumentException("--capabilities names " + name + " twice");
            }
        }
        return parsed;
    }

    private static String wires(Set<Capability> capabilities) {
        return capabilities.stream().map(Capability::wire).collect(Collectors.joining(","));
    }

    private static void print(CommandSpec spec, List<CapabilityGrant> grants) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(FORMAT, "TENANT", "INSTANCE", "SOURCE", "SUBJECT", "CAPABILITY", "GRANTED_AT", "GRANTED_BY");
        for (CapabilityGrant grant : grants) {
            out.printf(FORMAT, grant.scope().tenantId(), grant.scope().instanceId(), grant.scope().source(),
                    grant.subject(), grant.capability().wire(), grant.grantedAt(), grant.grantedBy());
        }
        out.flush();
    }
}
