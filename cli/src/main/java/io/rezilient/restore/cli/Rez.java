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
                PgCommand.class,
                DbCommand.class,
                KeysCommand.class,
                CaptureCommand.class,
                DemoCommand.class,
                IndexerCommand.class,
                BackfillCommand.class,
                ServiceCommand.class,
                TokenCommand.class,
                RegistryCommand.class,
                GrantsCommand.class,
                TargetCommand.class,
                AgentCommand.class,
                JournalCommand.class,
                EvidenceCommand.class,
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
        return commandLine(CommandLine.defaultFactory());
    }

    /** The configured command line whose commands {@code factory} creates (tests hand in commands they observe). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(new Rez(), factory);
        commandLine.setExecutionExceptionHandler(Rez::reportFailure);
        UnknownArguments.refuseOn(commandLine);
        return commandLine;
    }

    /**
     * Operators get one clear line instead of a stack trace (set {@code REZ_DEBUG=1} to see it); exit code 2
     * separates "could not run" from a command's own "found problems" (1).
     */
    private static int reportFailure(Exception failure, CommandLine command, CommandLine.ParseResult parseResult) {
        boolean expected = failure instanceof IllegalArgumentException || failure instanceof IllegalStateException;
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        command.getErr().println("rez " + command.getCommandName() + ": "
                + (expected ? message : failure.getClass().getSimpleName() + ": " + message));
        if (System.getenv("REZ_DEBUG") != null) {
            failure.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return 2;
    }
}
