package io.rezilient.restore.agent.target;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sorts a failed statement's error into the row's fault (the row breaks a constraint, a value does not parse as its
 * column's type, a trigger refuses it) or the target's (connection lost, server shutting down, deadlock, lock or
 * resource exhaustion), and describes the row's faults without plaintext.
 *
 * <p>Only the row's faults become failed rows. Anything else says nothing about the row, so the whole chunk is
 * abandoned and retried rather than its rows recorded as failed.
 */
final class SqlFailures {
    /**
     * SQLState classes of errors the row causes: data exception, integrity constraint violation, syntax error or
     * access rule violation, WITH CHECK OPTION violation, program limit exceeded, feature not supported (e.g. a
     * generated column), and PL/pgSQL {@code RAISE} from a trigger.
     */
    private static final Set<String> ROW_FAULT_CLASSES = Set.of("22", "23", "42", "44", "54", "0A", "P0");
    /**
     * A data exception's message quotes the offending value ({@code invalid input syntax for type integer: "x"},
     * {@code value "9999999999" is out of range for type integer}); nothing else in it is quoted.
     */
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");

    private SqlFailures() {
    }

    static boolean isRowFault(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.length() == 5 && ROW_FAULT_CLASSES.contains(state.substring(0, 2));
    }

    /**
     * {@code SQLState 23514: new row for relation "incident" violates check constraint "incident_priority_check"}:
     * the server's primary message only. Its detail lines repeat the row's values, and a data exception's message
     * quotes the value that did not fit; plaintext must not leave the writer, so both are left out.
     */
    static String describe(SQLException e) {
        String message = e.getMessage();
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            message = server.getMessage();
        }
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
            message = QUOTED.matcher(message).replaceAll("(value withheld)");
        }
        return "SQLState " + e.getSQLState() + ": " + message;
    }
}
