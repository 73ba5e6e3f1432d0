package io.rezilient.restore.service.config;

/** Initial values of the admin flags (service-spec §8); the admin API changes them at run time. */
public record OpsFlags(boolean stagingModeEnabled, boolean runbooksSignedOff) {
}
