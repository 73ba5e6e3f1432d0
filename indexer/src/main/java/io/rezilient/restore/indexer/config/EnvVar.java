package io.rezilient.restore.indexer.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One environment variable of the indexer, declared once: the same record parses the value, supplies the default
 * and documents both, so the README table cannot drift from the behaviour.
 *
 * @param name         the variable's name
 * @param defaultValue the literal used when the variable is unset or blank, parsed by {@code parser} like a given
 *                     value; null when the variable is required or its default depends on other settings (the
 *                     description then says which)
 * @param parser       turns a trimmed, non-blank value into a setting or rejects it
 * @param description  one line for operators
 */
public record EnvVar<T>(String name, String defaultValue, Parser<T> parser, String description) {

    /** Parses a trimmed, non-blank value; a rejection is an {@link IllegalArgumentException} whose message follows the variable's name. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String value);
    }

    public EnvVar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(description, "description");
    }

    /** The trimmed value, or null when unset or blank (the spec treats both as "not given"). */
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
            // the defaults are literals of this class's own declarations, so a failure here is a programming error
            return defaultValue == null ? null : parser.parse(defaultValue);
        }
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException rejected) {
            problems.add(name + " " + rejected.getMessage());
            return null;
        }
    }
}
