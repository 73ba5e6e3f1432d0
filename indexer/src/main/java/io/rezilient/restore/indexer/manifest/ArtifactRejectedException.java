package io.rezilient.restore.indexer.manifest;

import io.rezilient.restore.contracts.validation.Issue;

import java.util.List;
import java.util.Objects;

/**
 * A manifest or artifact that can never be indexed as it is: the worker quarantines it (indexer-spec §11.8) and
 * moves on. The message is the operator-facing reason; it matches the reference's wording where the reference
 * has one, so runbooks and log searches keep working.
 */
public final class ArtifactRejectedException extends RuntimeException {
    /** Where the item failed; it tells the operator whether to look at the manifest, the artifact or its metadata. */
    public enum Stage {
        /** The manifest document is malformed or declares something unsupported. */
        MANIFEST,
        /** The artifact body is not a JSON object. */
        ARTIFACT,
        /** The extracted metadata contradicts the manifest or breaks the metadata allow-list. */
        NORMALIZE
    }

    private final Stage stage;
    private final transient List<Issue> issues;

    public ArtifactRejectedException(Stage stage, String reason) {
        this(stage, reason, List.of(), null);
    }

    public ArtifactRejectedException(Stage stage, String reason, Throwable cause) {
        this(stage, reason, List.of(), cause);
    }

    /** A rejection by the allow-list schema, keeping every schema issue for diagnostics. */
    public ArtifactRejectedException(Stage stage, String reason, List<Issue> issues) {
        this(stage, reason, issues, null);
    }

    private ArtifactRejectedException(Stage stage, String reason, List<Issue> issues, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason"), cause);
        this.stage = Objects.requireNonNull(stage, "stage");
        this.issues = List.copyOf(issues);
    }

    public Stage stage() {
        return stage;
    }

    /** The operator-facing reason (the exception message). */
    public String reason() {
        return getMessage();
    }

    /** The schema issues in validation order when the allow-list rejected the metadata, else empty. */
    public List<Issue> issues() {
        return issues;
    }
}
