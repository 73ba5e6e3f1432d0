package io.rezilient.restore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rez backfill …}: operations that rebuild, repair or extend the restore index beside live indexing. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Backfill operations on the restore index (issue 16).",
        subcommands = {BackfillOverridesCommand.class})
final class BackfillCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
