package io.rezilient.restore.cli;

import io.rezilient.restore.db.PgUrl;

/** Which database a command works on when it takes {@code --url}: the one given, else the local `rez pg` cluster. */
final class DatabaseUrl {
    private DatabaseUrl() {
    }

    /**
     * @param given   the {@code --url} value (picocli may already have filled it from an environment variable)
     * @param missing what to tell the operator when neither is available
     */
    static PgUrl resolve(String given, String missing) {
        if (given != null && !given.isBlank()) {
            return PgUrl.parse(given);
        }
        return PgUrl.parse(ProjectHome.cluster(null).jdbcUrl()
                .orElseThrow(() -> new IllegalArgumentException(missing)));
    }
}
