package io.rezilient.restore.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Arguments no command knows. picocli lets {@code --help} win over them, so {@code rez bogus --help} used to print the
 * main usage and exit 0 as if {@code bogus} were fine; and an unknown command otherwise buried its one-line reason
 * under the whole usage. Here an unknown command or option always fails (exit 2, picocli's usage-error code) with
 * one line that names it, the commands that do exist and what the user may have meant.
 */
final class UnknownArguments {
    /** picocli's exit code for a command line it cannot accept. */
    static final int USAGE_ERROR = 2;

    private UnknownArguments() {
    }

    /** Installs the check and the short message on {@code commandLine} (the root; subcommands inherit both). */
    static void refuseOn(CommandLine commandLine) {
        CommandLine.IParameterExceptionHandler fallback = commandLine.getParameterExceptionHandler();
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        commandLine.setExecutionStrategy(parseResult -> {
            refuseUnmatched(parseResult);
            return run.execute(parseResult);
        });
        commandLine.setParameterExceptionHandler((failure, args) -> failure instanceof UnmatchedArgumentException unmatched
                ? report(unmatched)
                : fallback.handleParseException(failure, args));
    }

    /** Unmatched arguments survive parsing only when help was asked for; they still make the line invalid. */
    private static void refuseUnmatched(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.hasSubcommand() ? level.subcommand() : null) {
            if (!level.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched());
            }
        }
    }

    private static int report(UnmatchedArgumentException failure) {
        CommandLine command = failure.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String first = failure.getUnmatched().getFirst();
        List<String> commands = List.copyOf(command.getSubcommands().keySet());
        StringBuilder line = new StringBuilder(name).append(": ");
        if (failure.isUnknownOption()) {
            line.append("unknown option '").append(first).append("'");
        } else if (!commands.isEmpty()) {
            line.append("unknown command '").append(first).append("'; the commands are ")
                    .append(String.join(", ", commands));
        } else {
            line.append("unexpected argument '").append(first).append("'");
        }
        List<String> suggestions = failure.getSuggestions();
        if (!suggestions.isEmpty()) {
            line.append("; did you mean ").append(String.join(" or ", suggestions)).append("?");
        }
        line.append(" (see `").append(name).append(" --help`)");
        PrintWriter err = command.getErr();
        err.println(line);
        err.flush();
        return USAGE_ERROR;
    }
}
