package io.rezilient.restore.cli;

import io.rezilient.restore.capture.keys.KeyringFile;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --keyring} option shared by {@code rez keys} and {@code rez capture}. */
final class KeyringOption {
    static final String ENV = "REZ_KEYRING";

    @Option(names = "--keyring", paramLabel = "FILE", defaultValue = "${env:" + ENV + "}",
            description = {"Tenant keyring file (default: $" + ENV + ", else $REZ_HOME/keyring.json).",
                    "Holds secret keys: keep it out of version control and backups you do not trust."})
    private Path keyring;

    KeyringFile file() {
        return new KeyringFile(keyring != null ? keyring : ProjectHome.state("keyring.json"));
    }
}
