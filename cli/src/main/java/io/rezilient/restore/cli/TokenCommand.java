package io.rezilient.restore.cli;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.service.auth.DevTokenIssuer;
import io.rezilient.restore.service.auth.Hs256Secrets;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRequest;
import io.rezilient.restore.service.auth.TokenVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rez token issue}: mints a development bearer token for the restore service. Only the token goes to stdout,
 * so {@code TOKEN=$(rez token issue …)} works; the signing secret is read from the environment, never from the
 * command line (where it would land in shell history and {@code ps}).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Development bearer tokens for the restore service.",
        subcommands = {TokenCommand.Issue.class})
final class TokenCommand implements Runnable {
    static final String SIGNING_KEY_ENV = "RRS_AUTH_SIGNING_KEY";
    static final String EXPECTED_ISSUER_ENV = "RRS_AUTH_EXPECTED_ISSUER";

    /** Where the secret comes from: the process environment, or a map a test hands in. */
    private final Supplier<Map<String, String>> environment;
    private final Clock clock;

    @Spec
    private CommandSpec spec;

    TokenCommand() {
        this(System::getenv, Clock.systemUTC());
    }

    TokenCommand(Supplier<Map<String, String>> environment, Clock clock) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private Optional<String> env(String name) {
        return Optional.ofNullable(environment.get().get(name)).filter(value -> !value.isBlank());
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = {"Print a signed token (HS256 with " + SIGNING_KEY_ENV + ", or EdDSA with --ed25519-jwk).",
                    "Example: TOKEN=$(rez token issue --tenant tenant-acme --instance sn-dev-01 "
                            + "--source sn://acme-dev.service-now.com --subject alice --capabilities restore_execute --ttl 15m)"})
    static final class Issue implements Callable<Integer> {
        private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhd])");

        @ParentCommand
        private TokenCommand parent;
        @Spec
        private CommandSpec spec;

        @Option(names = "--tenant", required = true, description = "tenant_id claim.")
        private String tenant;
        @Option(names = "--instance", required = true, description = "instance_id claim.")
        private String instance;
        @Option(names = "--source", required = true, description = "source claim, e.g. sn://acme-dev.service-now.com.")
        private String source;
        @Option(names = "--subject", required = true, description = "sub claim: the operator or client identity.")
        private String subject;
        @Option(names = "--capabilities", description = "Comma-separated capabilities claim (restore_execute, restore_delete, "
                + "restore_override_caps, restore_schema_override, rrs.admin). Left out: no claim, the grant table decides.")
        private String capabilities;
        @Option(names = "--ttl", defaultValue = "15m", description = "Lifetime: 90s, 15m, 2h, 1d or ISO-8601 (PT15M); at most 24h. Default ${DEFAULT-VALUE}.")
        private String ttl;
        @Option(names = "--issuer", description = "iss claim. Default: $" + EXPECTED_ISSUER_ENV + " if set, else "
                + TokenRequest.DEFAULT_ISSUER + ".")
        private String issuer;
        @Option(names = "--audience", defaultValue = TokenVerifier.AUDIENCE, description = "aud claim. Default ${DEFAULT-VALUE}.")
        private String audience;
        @Option(names = "--signing-key-env", defaultValue = SIGNING_KEY_ENV, paramLabel = "NAME",
                description = "Environment variable holding the HS256 secret. Default ${DEFAULT-VALUE}.")
        private String signingKeyEnv;
        @Option(names = "--ed25519-jwk", paramLabel = "FILE",
                description = "Sign EdDSA with this private Ed25519 JWK (its kid goes in the header) instead of HS256.")
        private Path ed25519Jwk;

        @Override
        public Integer call() {
            TokenRequest request = TokenRequest.rrs(new ResourceScope(tenant, instance, source), subject,
                            capabilities(capabilities), duration(ttl))
                    .withIssuer(issuer != null ? issuer : parent.env(EXPECTED_ISSUER_ENV).orElse(TokenRequest.DEFAULT_ISSUER))
                    .withAudience(audience);
            String token = issuer().issue(request);
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            out.flush();
            return 0;
        }

        private DevTokenIssuer issuer() {
            if (ed25519Jwk != null) {
                return DevTokenIssuer.eddsa(readJwk(ed25519Jwk), parent.clock);
            }
            String secret = parent.env(signingKeyEnv).orElseThrow(() -> new IllegalArgumentException(
                    "environment variable " + signingKeyEnv + " is not set (the HS256 signing secret; see --signing-key-env)"));
            // the service refuses to start with such a secret, so a token signed with it could never verify
            Hs256Secrets.problem(secret).ifPresent(problem -> {
                throw new IllegalArgumentException("environment variable " + signingKeyEnv + " " + problem);
            });
            return DevTokenIssuer.hs256(secret, parent.clock);
        }

        private static OctetKeyPair readJwk(Path file) {
            try {
                if (JWK.parse(Files.readString(file)) instanceof OctetKeyPair key) {
                    return key;
                }
                throw new IllegalArgumentException(file + " is not an OKP (Ed25519) JWK");
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (ParseException e) {
                throw new IllegalArgumentException(file + " is not a JWK: " + e.getMessage(), e);
            }
        }

        static Optional<Set<Capability>> capabilities(String list) {
            if (list == null) {
                return Optional.empty();
            }
            Set<Capability> granted = EnumSet.noneOf(Capability.class);
            for (String item : list.split(",", -1)) {
                if (item.isBlank()) {
                    throw new IllegalArgumentException("--capabilities has an empty entry: name at least one capability, "
                            + "or leave the option out");
                }
                granted.add(Capability.fromWire(item.strip()));
            }
            return Optional.of(granted);
        }

        static Duration duration(String text) {
            Matcher m = SHORT_DURATION.matcher(text);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--ttl '" + text + "' is not a duration (e.g. 90s, 15m, 2h, 1d, PT15M)");
            }
        }
    }
}
