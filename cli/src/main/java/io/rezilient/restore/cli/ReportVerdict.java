package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.service.evidence.ArtifactHash;
import io.rezilient.restore.service.evidence.OfflineVerifier;
import io.rezilient.restore.service.evidence.PackageFiles;
import io.rezilient.restore.service.evidence.Verification;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report's verdict on a package and the checks behind it. With a public key or keyring it is the
 * {@link OfflineVerifier}'s report. Without one nothing proves who made the package, so it is never verified; the
 * artifact hashes are still recomputed, because a mismatch there is worth seeing even unsigned.
 */
final class ReportVerdict {
    static final String NOT_CHECKED_REASON = "signature not checked (no public key or keyring given)";
    static final String NOT_CHECKED_SENTENCE = "The signature was not checked: no public key or keyring was given.";

    /** The outcome of one check. */
    enum Result { PASS, FAIL, NOT_CHECKED }

    /** One check as the report lists it. */
    record Line(String name, Result result, String detail) {
        Line {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(detail, "detail");
        }

        String resultText() {
            return result == Result.NOT_CHECKED ? "NOT CHECKED" : result.name();
        }
    }

    private final List<Line> lines;
    private final Optional<Verification> serviceVerdict;
    private final String keysUsed;

    private ReportVerdict(List<Line> lines, Optional<Verification> serviceVerdict, String keysUsed) {
        this.lines = List.copyOf(lines);
        this.serviceVerdict = serviceVerdict;
        this.keysUsed = keysUsed;
    }

    /**
     * The verdict of a signature check.
     *
     * @param keysUsed what the signature was checked with, as the report says it ("the public key in signer.pem")
     */
    static ReportVerdict checked(OfflineVerifier.Report report, String keysUsed) {
        List<Line> lines = new ArrayList<>();
        for (OfflineVerifier.Check check : report.checks()) {
            lines.add(new Line(check.name(), check.passed() ? Result.PASS : Result.FAIL, check.detail()));
        }
        return new ReportVerdict(lines, Optional.of(report.serviceVerdict()), keysUsed);
    }

    /** The verdict when no key was given: the artifact hashes recomputed, everything the signature covers unchecked. */
    static ReportVerdict unchecked(PackageFiles.OnDisk onDisk) {
        List<Line> lines = new ArrayList<>(artifactLines(onDisk));
        for (String unchecked : List.of("report hash", "manifest hash", "signer key id", "signature")) {
            lines.add(new Line(unchecked, Result.NOT_CHECKED, "needs a public key or keyring"));
        }
        return new ReportVerdict(lines, Optional.empty(), "nothing");
    }

    /** Each listed artifact's hash and size recomputed from its bytes, and any artifact present but not listed. */
    private static List<Line> artifactLines(PackageFiles.OnDisk onDisk) {
        List<Line> lines = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        for (JsonNode claimed : onDisk.evidence().path("artifact_hashes")) {
            String id = claimed.path("artifact_id").asText("");
            listed.add(id);
            if (!onDisk.artifacts().containsKey(id)) {
                lines.add(new Line("artifact " + id, Result.FAIL, "missing from the package"));
                continue;
            }
            ArtifactHash actual;
            try {
                actual = onDisk.rehash(id);
            } catch (UncheckedIOException unreadable) {
                lines.add(new Line("artifact " + id, Result.FAIL, "cannot be read: " + unreadable.getMessage()));
                continue;
            }
            boolean matches = actual.sha256().equals(claimed.path("sha256").asText())
                    && actual.bytes() == claimed.path("bytes").asLong(-1);
            lines.add(new Line("artifact " + id, matches ? Result.PASS : Result.FAIL, matches
                    ? "sha256 " + actual.sha256() + ", " + actual.bytes() + " bytes"
                    : "sha256 " + actual.sha256() + " (" + actual.bytes() + " bytes) but the evidence lists "
                    + claimed.path("sha256").asText() + " (" + claimed.path("bytes").asText() + " bytes)"));
        }
        if (listed.isEmpty()) {
            lines.add(new Line("artifact hashes", Result.FAIL, "the evidence lists no artifacts"));
        }
        for (String extra : onDisk.artifacts().keySet()) {
            if (!listed.contains(extra)) {
                lines.add(new Line("artifact " + extra, Result.FAIL,
                        "present in the package but not listed in evidence.artifact_hashes"));
            }
        }
        return lines;
    }

    List<Line> lines() {
        return lines;
    }

    /** The service's own verdict (service-spec §7) on the package; empty when no key was given. */
    Optional<Verification> serviceVerdict() {
        return serviceVerdict;
    }

    boolean signatureChecked() {
        return serviceVerdict.isPresent();
    }

    /** Whether every check ran and passed, and the service's verdict agrees. */
    boolean verified() {
        return signatureChecked() && serviceVerdict.get().verified()
                && lines.stream().allMatch(line -> line.result() == Result.PASS);
    }

    /** The names of the checks that failed. */
    List<String> failing() {
        return lines.stream().filter(line -> line.result() == Result.FAIL).map(Line::name).toList();
    }

    String keysUsed() {
        return keysUsed;
    }

    /** One line: VERIFIED, or NOT VERIFIED and why. */
    String headline() {
        if (verified()) {
            return "VERIFIED";
        }
        List<String> reasons = new ArrayList<>();
        if (!signatureChecked()) {
            reasons.add(NOT_CHECKED_REASON);
        }
        if (!failing().isEmpty()) {
            reasons.add("failing: " + String.join(", ", failing()));
        }
        if (signatureChecked() && failing().isEmpty()) {
            reasons.add("service verdict " + serviceVerdict.get().reasonCode());
        }
        return "NOT VERIFIED: " + String.join("; ", reasons);
    }
}
