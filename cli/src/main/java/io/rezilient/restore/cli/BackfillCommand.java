package io.rezilient.restore.cli;

import io.rezilient.restore.indexer.IndexerRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code rez backfill …}: operations that rebuild, repair or extend the restore index beside live indexing. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Backfill operations on the restore index (issue 16).",
        subcommands = {BackfillRunCommands.Start.class, BackfillRunCommands.Run.class, BackfillRunCommands.Pause.class,
                BackfillRunCommands.Resume.class, BackfillRunCommands.Cancel.class, BackfillRunCommands.Status.class,
                BackfillRunCommands.Checklist.class, BackfillRunCommands.Gaps.class,
                BackfillOverridesCommand.class})
final class BackfillCommand implements Runnable {
    /** Where the indexer settings of the run commands come from: the process environment, or a test's map. */
    private final Supplier<Map<String, String>> environment;

    @Spec
    private CommandSpec spec;

    BackfillCommand() {
        this(System::getenv);
    }

    BackfillCommand(Supplier<Map<String, String>> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The indexer runtime over the configured source and database, as {@code rez indexer} opens it. */
    IndexerRuntime openRuntime() {
        return indexerCommand().openRuntime();
    }

    /** {@code rez indexer} over the same environment. */
    IndexerCommand indexerCommand() {
        return new IndexerCommand(environment);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
