package io.rezilient.restore.cli;

import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.evidence.EvidenceExports;
import io.rezilient.restore.service.execute.JournalRetention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rez journal stats|prune}: rollback-journal retention ("Journal Retention Governance"). Admin work on the
 * service's database: the URL must carry a user that may update the journal.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "Rollback journals: their size per job, and pruning before-images past the retention window.",
        subcommands = {JournalCommand.Stats.class, JournalCommand.Prune.class})
final class JournalCommand implements Runnable {
    private static final String ROW = "%-42s %-16s %-16s %9s %12s %8s  %s%n";

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Database extends AdminDatabase {
        JournalRetention retention() {
            // a job's before-images stay until its evidence package, which refers to them, exists
            return new JournalRetention(database().dataSource(), new EvidenceExports(database().dataSource()));
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Per job: journal entries, before-image bytes still held, entries pruned, newest entry.")
    static final class Stats implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Database database;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<JournalRetention.JobJournal> journals = database.retention().journals();
            out.printf(ROW, "JOB", "TENANT", "INSTANCE", "ENTRIES", "BYTES", "PRUNED", "NEWEST");
            long entries = 0;
            long bytes = 0;
            for (JournalRetention.JobJournal journal : journals) {
                out.printf(ROW, journal.jobId(), journal.tenantId(), journal.instanceId(), journal.entries(),
                        journal.beforeImageBytes(), journal.pruned(), IsoUtc.format(journal.newest()));
                entries += journal.entries();
                bytes += journal.beforeImageBytes();
            }
            out.printf("%d job(s), %d entries, %d bytes of encrypted before-images%n", journals.size(), entries,
                    bytes);
            out.flush();
            return 0;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Drop the encrypted before-images of journals whose newest entry is older than"
                    + " --older-than and whose job's evidence is exported; linkage ids stay.",
                    "Without --apply, only lists what would be pruned and why the rest stays."})
    static final class Prune implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Database database;
        @Option(names = "--older-than", required = true, paramLabel = "DURATION",
                description = "Retention window, ISO-8601: P90D, P1Y (365 days), PT12H.")
        private String olderThan;
        @Option(names = "--apply", description = "Prune (default: dry run).")
        private boolean apply;

        @Override
        public Integer call() {
            Instant now = Clock.systemUTC().instant();
            Instant cutoff = now.minus(window(olderThan));
            PrintWriter out = spec.commandLine().getOut();
            JournalRetention retention = database.retention();
            int prunable = 0;
            for (JournalRetention.Decision decision : retention.decide(cutoff)) {
                out.printf("%-42s %-8s %s%n", decision.journal().jobId(), decision.prunable() ? "prune" : "keep",
                        decision.reason());
                prunable += decision.prunable() ? 1 : 0;
            }
            if (apply) {
                long pruned = retention.prune(cutoff, now);
                out.printf("pruned %d entr%s of %d job(s) older than %s%n", pruned, pruned == 1 ? "y" : "ies",
                        prunable, IsoUtc.format(cutoff));
            } else {
                out.printf("%d job(s) prunable (entries older than %s); dry run: nothing changed, --apply prunes%n",
                        prunable, IsoUtc.format(cutoff));
            }
            out.flush();
            return 0;
        }

        /** {@code PT…} as a duration; {@code P…Y…M…D} in days, a year counted as 365 days and a month as 30. */
        private static java.time.temporal.TemporalAmount window(String text) {
            try {
                if (text.startsWith("PT")) {
                    return Duration.parse(text);
                }
                Period period = Period.parse(text);
                return Duration.ofDays(period.getYears() * 365L + period.getMonths() * 30L + period.getDays());
            } catch (DateTimeParseException invalid) {
                throw new IllegalArgumentException("--older-than: an ISO-8601 duration such as P90D, P1Y or PT12H,"
                        + " was " + text);
            }
        }
    }
}
