package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.db.SchemaVersionCheck;
import io.rezilient.restore.indexer.backfill.overrides.ConfigOverride;
import io.rezilient.restore.indexer.backfill.overrides.OverrideCatalogue;
import io.rezilient.restore.indexer.backfill.overrides.OverrideChange;
import io.rezilient.restore.indexer.backfill.overrides.OverrideKnob;
import io.rezilient.restore.indexer.backfill.overrides.OverrideRequest;
import io.rezilient.restore.indexer.backfill.overrides.OverrideStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rez backfill overrides knobs|list|stage|revert|history}: temporary settings with validity windows. Staging
 * and reverting go straight to the index database; the running indexers' reconciler ends overrides on its own.
 */
@Command(name = "overrides", mixinStandardHelpOptions = true,
        description = "Temporary settings with a validity window and an optional owning run; reverted automatically.",
        subcommands = {BackfillOverridesCommand.Knobs.class, BackfillOverridesCommand.ListCommand.class,
                BackfillOverridesCommand.Stage.class, BackfillOverridesCommand.Revert.class,
                BackfillOverridesCommand.History.class})
final class BackfillOverridesCommand implements Runnable {
    private static final String ROW = "%-6s %-24s %-34s %-8s %-8s %-11s %-20s %-20s %-24s %s%n";
    private static final String CHANGE = "%-8s %-6s %-34s %-11s %-8s %-8s %-28s %-20s %s%n";
    private static final Pattern RELATIVE = Pattern.compile("\\+(\\d+)([smhd])");

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The index database (the service's URL: both schemas live in one database), checked to be migrated. */
    static final class Target extends AdminDatabase {
        OverrideStore store() {
            DataSource dataSource = database().dataSource();
            SchemaVersionCheck.verify(dataSource); // an index behind this build has no config_versions table
            return new OverrideStore(dataSource, Clock.systemUTC());
        }
    }

    /** Table or one JSON object per line. */
    static final class Format {
        @Option(names = "--json", description = "One JSON object per line instead of a table.")
        boolean json;
    }

    @Command(name = "knobs", mixinStandardHelpOptions = true,
            description = "The settings an override may change, with bounds and how a change takes effect.")
    static final class Knobs implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Format format;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!format.json) {
                out.printf("%-34s %-8s %-8s %-8s %-12s %s%n", "KEY", "UNIT", "MIN", "MAX", "CLASS", "WHAT");
            }
            for (OverrideKnob knob : OverrideCatalogue.all()) {
                if (format.json) {
                    ObjectNode node = JsonNodeFactory.instance.objectNode().put("key", knob.key())
                            .put("unit", knob.unit().wire()).put("min", knob.min()).put("max", knob.max())
                            .put("class", knob.knobClass().wire()).put("description", knob.description());
                    out.println(Json.write(node));
                } else {
                    out.printf("%-34s %-8s %-8d %-8d %-12s %s%n", knob.key(), knob.unit().wire(), knob.min(),
                            knob.max(), knob.knobClass().wire(), knob.description());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Active overrides (pending ones included), newest first; --all adds ended ones.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Format format;
        @Option(names = "--scope", paramLabel = "SCOPE", description = "Only this scope (default: every scope).")
        private String scope;
        @Option(names = "--all", description = "Include expired and rolled-back overrides.")
        private boolean all;

        @Override
        public Integer call() {
            List<ConfigOverride> overrides = target.store().list(scope, all);
            printOverrides(spec, format, overrides);
            if (overrides.isEmpty() && !format.json) {
                spec.commandLine().getOut().println(all ? "(no overrides)" : "(no active overrides)");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "stage", mixinStandardHelpOptions = true,
            description = {"Stage an override; it replaces the key's active override in the scope, if any.",
                    "Refused with a reason code (e.g. override_value_out_of_bounds) and exit 2 when invalid."})
    static final class Stage implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Format format;
        @Option(names = "--scope", required = true, paramLabel = "SCOPE",
                description = "Where it applies: an ingest scope id, a source, or global.")
        private String scope;
        @Option(names = "--key", required = true, paramLabel = "KEY", description = "See `rez backfill overrides knobs`.")
        private String key;
        @Option(names = "--value", required = true, paramLabel = "VALUE")
        private String value;
        @Option(names = "--valid-from", paramLabel = "TIME",
                description = "ISO-8601 instant or +N[s|m|h|d] from now (default: now).")
        private String validFrom;
        @Option(names = "--valid-until", required = true, paramLabel = "TIME",
                description = "ISO-8601 instant or +N[s|m|h|d] from now; at most 30 days after --valid-from.")
        private String validUntil;
        @Option(names = "--run", paramLabel = "RUN_ID", description = "Owning backfill run: its end reverts the override.")
        private String run;
        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        private String reason;
        @Option(names = "--actor", required = true, paramLabel = "NAME", description = "Who stages it (audited).")
        private String actor;

        @Override
        public Integer call() {
            Instant now = Instant.now();
            OverrideRequest request = new OverrideRequest(scope, key, value,
                    validFrom == null ? null : time("--valid-from", validFrom, now), time("--valid-until", validUntil, now),
                    run, actor, reason);
            ConfigOverride staged = target.store().stage(request);
            printOverrides(spec, format, List.of(staged));
            return 0;
        }
    }

    @Command(name = "revert", mixinStandardHelpOptions = true,
            description = "Revert an active override now (status rolled_back, a new config version).")
    static final class Revert implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Format format;
        @Parameters(paramLabel = "ID", description = "The override's id (see list).")
        private long id;
        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        private String reason;
        @Option(names = "--actor", required = true, paramLabel = "NAME", description = "Who reverts it (audited).")
        private String actor;

        @Override
        public Integer call() {
            OverrideChange change = target.store().revert(id, actor, reason);
            printChanges(spec, format, List.of(change));
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "The audited config versions of a scope, oldest first: who applied or ended what, and when.")
    static final class History implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Target target;
        @Mixin
        private Format format;
        @Option(names = "--scope", required = true, paramLabel = "SCOPE")
        private String scope;

        @Override
        public Integer call() {
            List<OverrideChange> changes = target.store().changes(scope);
            printChanges(spec, format, changes);
            if (changes.isEmpty() && !format.json) {
                spec.commandLine().getOut().println("(no config versions in scope " + scope + ")");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    /** An ISO-8601 instant, or {@code +N} seconds, minutes, hours or days from {@code now}. */
    static Instant time(String option, String text, Instant now) {
        Matcher relative = RELATIVE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration unit = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return now.plus(unit.multipliedBy(amount));
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notAnInstant) {
            throw new IllegalArgumentException(option + " takes an ISO-8601 instant (2026-03-01T12:00:00Z) or"
                    + " +N[s|m|h|d], got '" + text + "'");
        }
    }

    private static void printOverrides(CommandSpec spec, Format format, List<ConfigOverride> overrides) {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.json) {
            out.printf(ROW, "ID", "SCOPE", "KEY", "VALUE", "BEFORE", "STATUS", "VALID_FROM", "VALID_UNTIL", "RUN",
                    "BY / REASON");
        }
        for (ConfigOverride o : overrides) {
            if (format.json) {
                ObjectNode node = JsonNodeFactory.instance.objectNode().put("id", o.id()).put("scope", o.scope())
                        .put("key", o.key()).put("value", o.value()).put("previous_value", o.previousValue())
                        .put("status", o.status().wire()).put("config_version", o.configVersion())
                        .put("reverted_version", o.revertedVersion()).put("valid_from", text(o.validFrom()))
                        .put("valid_until", text(o.validUntil())).put("owner_run_id", o.ownerRunId())
                        .put("created_by", o.createdBy()).put("reason", o.reason())
                        .put("created_at", text(o.createdAt())).put("ended_at", text(o.endedAt()));
                out.println(Json.write(node));
            } else {
                out.printf(ROW, o.id(), o.scope(), o.key(), o.value(), orDash(o.previousValue()), o.status().wire(),
                        text(o.validFrom()), orDash(text(o.validUntil())), orDash(o.ownerRunId()),
                        o.createdBy() + " / " + o.reason());
            }
        }
        out.flush();
    }

    private static void printChanges(CommandSpec spec, Format format, List<OverrideChange> changes) {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.json) {
            out.printf(CHANGE, "VERSION", "ID", "KEY", "ACTION", "BEFORE", "AFTER", "ACTOR", "AT", "REASON");
        }
        for (OverrideChange c : changes) {
            if (format.json) {
                ObjectNode node = JsonNodeFactory.instance.objectNode().put("scope", c.scope())
                        .put("config_version", c.configVersion()).put("override_id", c.overrideId())
                        .put("key", c.key()).put("action", c.action().wire()).put("value_before", c.valueBefore())
                        .put("value_after", c.valueAfter()).put("actor", c.actor()).put("reason", c.reason())
                        .put("changed_at", text(c.changedAt()));
                out.println(Json.write(node));
            } else {
                out.printf(CHANGE, c.configVersion(), c.overrideId(), c.key(), c.action().wire(),
                        orDash(c.valueBefore()), orDash(c.valueAfter()), c.actor(), text(c.changedAt()), c.reason());
            }
        }
        out.flush();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }
}
