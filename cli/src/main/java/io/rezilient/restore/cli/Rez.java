package io.rezilient.restore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rez} command line: one entry point for every job the platform runs. */
@Command(name = "rez",
        mixinStandardHelpOptions = true,
        version = "rez 0.1.0",
        description = "Rezilient Restore: point-in-time restore of CDC-captured records.",
        subcommands = {
                ConformanceCommand.class,
        })
public final class Rez implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Rez());
    }
}
