package io.rezilient.restore.capture.ingest;

import java.util.List;

/** A batch was refused as a whole and nothing of it was written; {@link #problems()} names every bad event and rule. */
public final class InvalidBatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public InvalidBatchException(List<String> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with where it is ({@code events[3].data.table: …}). */
    public List<String> problems() {
        return problems;
    }

    private static String summary(List<String> problems) {
        StringBuilder text = new StringBuilder("batch rejected, nothing written (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        problems.forEach(p -> text.append("\n  ").append(p));
        return text.toString();
    }
}
