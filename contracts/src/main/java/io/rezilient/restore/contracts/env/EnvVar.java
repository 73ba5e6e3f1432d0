package io.rezilient.restore.contracts.env;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One environment variable of a component, declared once: the same record parses the value, supplies the default
 * and documents both, so the README tables cannot drift from the behaviour. Variable names are part of the
 * compatibility contract with the reference (operators' deployments set them), which is why this lives here.
 *
 * @param name         the variable's name
 * @param defaultValue the literal used when the variable is unset or blank, parsed by {@code parser} like a given
 *                     value; null when the variable is required, optional, or its default depends on other settings
 *                     (the description then says which)
 * @param parser       turns a trimmed, non-blank value into a setting or rejects it
 * @param description  one line for operators: what the setting does once it is used
 * @param use          whether anything acts on the value today; the tables and start-up logs read this flag
 */
public record EnvVar<T>(String name, String defaultValue, Parser<T> parser, String description, Use use) {

    /** Parses a trimmed, non-blank value; a rejection is an {@link IllegalArgumentException} whose message follows the variable's name. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String value);
    }

    /** Whether a variable changes what the component does today. */
    public enum Use {
        /** Read and acted on. */
        ACTIVE,
        /**
         * Accepted because the reference reads it (so a deployment that sets it keeps starting, and a bad value is
         * still refused), but nothing acts on it yet: the feature it configures has not landed.
         */
        NOT_USED_YET
    }

    /** What every table and log says of a {@link Use#NOT_USED_YET} variable, in the same words everywhere. */
    public static final String NOT_USED_YET_NOTE = "Accepted for compatibility, not used yet.";

    public EnvVar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(use, "use");
    }

    /** A variable that is acted on. */
    public EnvVar(String name, String defaultValue, Parser<T> parser, String description) {
        this(name, defaultValue, parser, description, Use.ACTIVE);
    }

    /** This variable, marked as accepted for compatibility but not used yet. */
    public EnvVar<T> notUsedYet() {
        return new EnvVar<>(name, defaultValue, parser, description, Use.NOT_USED_YET);
    }

    public boolean usedYet() {
        return use == Use.ACTIVE;
    }

    /** The description operators read: prefixed with {@link #NOT_USED_YET_NOTE} when nothing acts on the value. */
    public String documentation() {
        return usedYet() ? description : NOT_USED_YET_NOTE + " " + description;
    }

    /** The trimmed value, or null when unset, empty or whitespace (the reference specs treat all three as unset). */
    public String raw(Map<String, String> env) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Whether an operator set it (to something non-blank). */
    public boolean isSet(Map<String, String> env) {
        return raw(env) != null;
    }

    /**
     * The parsed value, the parsed default, or null (no value and no literal default). A bad value adds a problem
     * naming this variable to {@code problems} and yields null, so one start-up reports every mistake at once.
     */
    public T read(Map<String, String> env, List<String> problems) {
        String value = raw(env);
        if (value == null) {
            // defaults are literals of the declaring code, so a failure here is a programming error, not input
            return defaultValue == null ? null : parser.parse(defaultValue);
        }
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException rejected) {
            problems.add(name + " " + rejected.getMessage());
            return null;
        }
    }

    /** Like {@link #read} but an unset variable is a problem ("{@code <VAR> is required}", the reference's wording). */
    public T require(Map<String, String> env, List<String> problems) {
        if (!isSet(env)) {
            problems.add(name + " is required");
            return null;
        }
        return read(env, problems);
    }
}
