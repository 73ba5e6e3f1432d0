package io.rezilient.restore.indexer.config;

import java.util.List;

/**
 * The environment does not describe a runnable indexer. Lists every problem found, each naming its variable, so an
 * operator fixes a deployment in one round. An {@link IllegalArgumentException}, so the CLI prints it as one line.
 */
public final class IndexerConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public IndexerConfigException(List<String> problems) {
        super("invalid indexer configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
