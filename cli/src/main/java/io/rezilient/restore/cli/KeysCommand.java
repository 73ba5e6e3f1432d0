package io.rezilient.restore.cli;

import io.rezilient.restore.capture.crypto.DataKey;
import io.rezilient.restore.capture.keys.Keyring;
import io.rezilient.restore.capture.keys.KeyringFile;
import io.rezilient.restore.capture.keys.TenantKeys;
import io.rezilient.restore.contracts.time.IsoUtc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rez keys generate|rotate|list}: the tenant keyring that seals captured record values. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"The tenant keyring: one active AES-256 key per tenant seals new values; old keys stay for decryption."},
        subcommands = {KeysCommand.Generate.class, KeysCommand.Rotate.class, KeysCommand.ListKeys.class})
final class KeysCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Create the first key of a tenant (and the keyring file, if needed).")
    static final class Generate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private KeyringOption keyring;
        @Option(names = "--tenant", required = true, description = "Tenant id.")
        private String tenant;

        @Override
        public Integer call() {
            KeyringFile file = keyring.file();
            DataKey key = file.generate(tenant, new SecureRandom(), Instant.now()).activeKey(tenant);
            PrintWriter out = spec.commandLine().getOut();
            out.println("tenant " + tenant + ": created active key " + key.kid() + " in " + file.path());
            out.flush();
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Give a tenant a new active key; its previous keys are kept so old artifacts still decrypt.")
    static final class Rotate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private KeyringOption keyring;
        @Option(names = "--tenant", required = true, description = "Tenant id.")
        private String tenant;

        @Override
        public Integer call() {
            KeyringFile file = keyring.file();
            TenantKeys keys = file.rotate(tenant, new SecureRandom(), Instant.now()).tenant(tenant).orElseThrow();
            List<String> retired = keys.keys().stream().map(DataKey::kid).filter(k -> !k.equals(keys.activeKid())).toList();
            PrintWriter out = spec.commandLine().getOut();
            out.println("tenant " + tenant + ": new active key " + keys.activeKid() + "; kept for decryption: "
                    + String.join(", ", retired));
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List tenants and key ids (never key material).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private KeyringOption keyring;
        @Option(names = "--tenant", description = "Only this tenant.")
        private String tenant;

        @Override
        public Integer call() {
            KeyringFile file = keyring.file();
            Keyring loaded = file.load();
            if (tenant != null && loaded.tenant(tenant).isEmpty()) {
                throw new IllegalArgumentException("tenant " + tenant + " has no keys in " + file.path());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s %-32s %-26s %s%n", "TENANT", "KEY ID", "CREATED", "STATUS");
            for (TenantKeys keys : loaded.tenants()) {
                if (tenant != null && !tenant.equals(keys.tenantId())) {
                    continue;
                }
                for (DataKey key : keys.keys()) {
                    out.printf("%-24s %-32s %-26s %s%n", keys.tenantId(), key.kid(), IsoUtc.format(key.createdAt()),
                            key.kid().equals(keys.activeKid()) ? "active" : "decrypt-only");
                }
            }
            out.flush();
            return 0;
        }
    }
}
