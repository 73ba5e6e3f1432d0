package io.rezilient.restore.cli;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.rezilient.restore.contracts.restore.Capability;
import io.rezilient.restore.contracts.restore.ReasonCode;
import io.rezilient.restore.service.auth.JwksFile;
import io.rezilient.restore.service.auth.Principal;
import io.rezilient.restore.service.auth.ResourceScope;
import io.rezilient.restore.service.auth.TokenRejectedException;
import io.rezilient.restore.service.auth.TokenVerifier;
import io.rezilient.restore.service.auth.TokenVerifierSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code rez token issue}: prints only a token the service's verifier accepts, and refuses bad input with exit 2. */
class TokenCommandTest {
    static final Instant NOW = Instant.parse("2026-02-16T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String SECRET = "cli-test-signing-secret-of-32-bytes-or-more";
    static final ResourceScope SCOPE = new ResourceScope("tenant-acme", "sn-dev-01", "sn://acme-dev.service-now.com");
    static final String[] SCOPE_FLAGS = {"--tenant", SCOPE.tenantId(), "--instance", SCOPE.instanceId(),
            "--source", SCOPE.source(), "--subject", "alice@acme"};

    record Run(int exitCode, String out, String err) {
        String token() {
            assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
            assertThat(err).isEmpty();
            assertThat(out.lines().toList()).hasSize(1);
            return out.strip();
        }
    }

    /** Runs {@code rez token ARGS} as Rez would (one-line errors, exit 2), with {@code env} as the environment. */
    static Run token(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new TokenCommand(() -> env, CLOCK));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
            command.getErr().println("rez " + command.getCommandName() + ": " + failure.getMessage());
            return 2;
        });
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    static String[] issue(String... extra) {
        return Stream.concat(Stream.concat(Stream.of("issue"), Arrays.stream(SCOPE_FLAGS)), Arrays.stream(extra)).toArray(String[]::new);
    }

    static TokenVerifier verifier(TokenVerifierSettings settings) {
        return new TokenVerifier(settings, CLOCK);
    }

    @Test
    void printsOnlyATokenTheServiceAccepts() {
        String token = token(Map.of("RRS_AUTH_SIGNING_KEY", SECRET),
                issue("--capabilities", "restore_execute,rrs.admin", "--ttl", "15m")).token();

        Principal principal = verifier(TokenVerifierSettings.hs256(SECRET)).verify(token);
        assertThat(principal.scope()).isEqualTo(SCOPE);
        assertThat(principal.subject()).isEqualTo("alice@acme");
        assertThat(principal.capabilities()).contains(Set.of(Capability.RESTORE_EXECUTE, Capability.ADMIN));
        assertThat(principal.expiresAt()).isEqualTo(NOW.plusSeconds(900));
        assertThat(token).doesNotContain(SECRET);
    }

    @Test
    void withoutCapabilitiesTheTokenCarriesNoClaim() {
        String token = token(Map.of("RRS_AUTH_SIGNING_KEY", SECRET), issue("--ttl", "PT2H")).token();
        Principal principal = verifier(TokenVerifierSettings.hs256(SECRET)).verify(token);
        assertThat(principal.capabilities()).isEmpty();
        assertThat(principal.expiresAt()).isEqualTo(NOW.plusSeconds(7200));
    }

    @Test
    void theSecretCanComeFromAnotherVariable() {
        String token = token(Map.of("MY_KEY", SECRET), issue("--signing-key-env", "MY_KEY")).token();
        assertThat(verifier(TokenVerifierSettings.hs256(SECRET)).verify(token).subject()).isEqualTo("alice@acme");
    }

    @Test
    void theIssuerDefaultsToThePinnedOne() {
        Map<String, String> env = Map.of("RRS_AUTH_SIGNING_KEY", SECRET, "RRS_AUTH_EXPECTED_ISSUER", "rez-auth-control-plane");
        TokenVerifier pinned = verifier(TokenVerifierSettings.hs256(SECRET).withExpectedIssuer("rez-auth-control-plane"));
        assertThat(pinned.verify(token(env, issue()).token()).issuer()).isEqualTo("rez-auth-control-plane");

        String other = token(env, issue("--issuer", "someone-else")).token();
        assertThatThrownBy(() -> pinned.verify(other)).isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void anotherAudienceIsIssuedButNotAcceptedByRrs() {
        String token = token(Map.of("RRS_AUTH_SIGNING_KEY", SECRET), issue("--audience", "rezilient:reg")).token();
        assertThatThrownBy(() -> verifier(TokenVerifierSettings.hs256(SECRET)).verify(token))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo(ReasonCode.DENIED_TOKEN_WRONG_SERVICE_SCOPE));
    }

    @Test
    void anEd25519JwkSignsEdDsa(@TempDir Path dir) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(x509, x509.length - 32, x509.length)))
                .d(Base64URL.encode(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length))).keyID("dev-ed").build();
        Path file = dir.resolve("signer.jwk.json");
        Files.writeString(file, jwk.toJSONString());

        String token = token(Map.of(), issue("--ed25519-jwk", file.toString())).token();

        JWKSet jwks = JwksFile.parse(new JWKSet(jwk.toPublicJWK()).toString(), "test");
        assertThat(verifier(TokenVerifierSettings.hs256("unused-hs256-secret-of-32-bytes-or-more").withJwks(jwks)).verify(token).scope()).isEqualTo(SCOPE);
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Map<String, String> env = Map.of("RRS_AUTH_SIGNING_KEY", SECRET);
        Map<List<String>, String> cases = Map.of(
                List.of("--capabilities", "restore_teleport"), "restore_teleport",
                List.of("--capabilities", "restore_execute,"), "empty entry",
                List.of("--ttl", "forever"), "--ttl",
                List.of("--ttl", "0s"), "ttl",
                List.of("--ttl", "25h"), "ttl",
                List.of("--issuer", " "), "issuer",
                List.of("--signing-key-env", "NOT_SET_ANYWHERE"), "NOT_SET_ANYWHERE is not set");
        cases.forEach((flags, message) -> {
            Run run = token(env, issue(flags.toArray(String[]::new)));
            assertThat(run.exitCode()).as("%s", flags).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines().toList()).as("%s", flags).singleElement().asString().contains(message);
            assertThat(run.err()).doesNotContain(SECRET);
        });
    }

    @Test
    void aMissingSecretIsRefused() {
        Run run = token(Map.of(), issue());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("RRS_AUTH_SIGNING_KEY is not set");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedNamingTheVariable() {
        Run run = token(Map.of("RRS_AUTH_SIGNING_KEY", "change-me-too"), issue());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("environment variable RRS_AUTH_SIGNING_KEY must be at least 32 bytes")
                .doesNotContain("change-me-too");
    }

    @Test
    void missingOrUnknownFlagsAreUsageErrors() {
        Map<String, String> env = Map.of("RRS_AUTH_SIGNING_KEY", SECRET);
        Run missing = token(env, "issue", "--tenant", "t", "--instance", "i", "--source", "s");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--subject");
        assertThat(missing.out()).isEmpty();
        Run unknown = token(env, issue("--secret", SECRET));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
    }

    @Test
    void isAvailableAsRezToken() {
        ConformanceCommandTest.Run run = ConformanceCommandTest.rez(Stream.concat(Stream.of("token"), Arrays.stream(
                issue("--signing-key-env", "REZ_TOKEN_TEST_SURELY_UNSET_VARIABLE"))).toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).singleElement().asString()
                .isEqualTo("rez issue: environment variable REZ_TOKEN_TEST_SURELY_UNSET_VARIABLE is not set "
                        + "(the HS256 signing secret; see --signing-key-env)");
    }
}
