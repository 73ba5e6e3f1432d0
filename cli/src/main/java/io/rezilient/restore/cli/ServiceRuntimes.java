package io.rezilient.restore.cli;

import io.rezilient.restore.service.ServiceRuntime;
import io.rezilient.restore.service.config.ServiceSettings;

import java.time.Clock;

/**
 * Opens the restore service with what its progress mode needs: nothing more in commit-driven mode, the in-process
 * agent ({@link AgentPushApplier}) in push mode.
 */
final class ServiceRuntimes {
    private ServiceRuntimes() {
    }

    static ServiceRuntime open(ServiceSettings settings, Clock clock) {
        if (settings.execute().push().isEmpty()) {
            return ServiceRuntime.open(settings, clock);
        }
        // the runtime owns the applier from here, and closes it when it cannot open
        return ServiceRuntime.open(settings, clock, AgentPushApplier.open(settings.execute().push().get()));
    }
}
