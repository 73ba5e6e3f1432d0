package io.rezilient.restore.contracts.env;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a component tells operators about its variables: the Markdown table {@code rez … env} prints and the README
 * carries, and the names its start-up log lists as not used yet. Both read {@link EnvVar#use()}, so the table, the
 * README and the log cannot disagree about which settings do something.
 */
public final class EnvTable {
    private EnvTable() {
    }

    /** Name, default and {@link EnvVar#documentation()} of every variable, in the order given. */
    public static String markdown(List<EnvVar<?>> variables) {
        return "| Variable | Default | Description |\n|---|---|---|\n" + variables.stream()
                .map(v -> "| `" + v.name() + "` | " + (v.defaultValue() == null ? "—" : "`" + v.defaultValue() + "`")
                        + " | " + v.documentation().replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** The names of the variables nothing acts on yet, in the order given. */
    public static List<String> notUsedYet(List<EnvVar<?>> variables) {
        return variables.stream().filter(v -> !v.usedYet()).map(EnvVar::name).toList();
    }

    /** The names of the variables nothing acts on yet that {@code env} sets anyway (an operator may expect an effect). */
    public static List<String> setButNotUsedYet(List<EnvVar<?>> variables, Map<String, String> env) {
        return variables.stream().filter(v -> !v.usedYet() && v.isSet(env)).map(EnvVar::name).toList();
    }
}
