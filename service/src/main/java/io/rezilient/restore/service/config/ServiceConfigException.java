package io.rezilient.restore.service.config;

import java.util.List;

/**
 * The environment does not describe a runnable restore service. Lists every problem, each naming its variable, so a
 * deployment is fixed in one round; an {@link IllegalArgumentException} so the CLI prints it as one line.
 */
public final class ServiceConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public ServiceConfigException(List<String> problems) {
        super("invalid restore service configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
