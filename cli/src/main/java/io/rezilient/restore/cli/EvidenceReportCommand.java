package io.rezilient.restore.cli;

import io.rezilient.restore.service.evidence.OfflineVerifier;
import io.rezilient.restore.service.evidence.PackageFiles;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rez evidence report FILE|DIR -o report.html}: the auditor's page of an evidence package — who restored what,
 * to which point in time, why, the outcomes, the exceptions, undo linkage and the verification verdict with every
 * hash. The page is written even when the package does not verify: it shows why.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML page of an evidence package for an auditor to open or print.",
                "With --public-key or --keyring the signature is checked; without, the page says it was not.",
                "Exit 0 when the page is written, whatever the verdict; 2 when it cannot be."})
final class EvidenceReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", description = "The package: a directory (evidence.json and artifacts/) or"
            + " one JSON file with its artifacts inline.")
    private Path location;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write the page.")
    private Path output;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    private boolean force;

    @Mixin
    private EvidenceKeysOption keySource;

    private final Clock clock;

    EvidenceReportCommand() {
        this(Clock.systemUTC());
    }

    /** @param clock when the report is made and the package checked (fixed in tests, so the page is stable) */
    EvidenceReportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException(output + " is a directory; -o names the HTML file to write");
        }
        if (Files.exists(output) && !force) {
            throw new IllegalArgumentException(output + " exists; --force replaces it");
        }
        Optional<EvidenceVerifyingKeys> keys = keySource.keys();
        PackageFiles.OnDisk onDisk = PackageFiles.read(location);
        Instant now = clock.instant();
        ReportVerdict verdict = keys.map(given -> ReportVerdict.checked(
                        OfflineVerifier.verify(onDisk, given.keys(), now), given.description()))
                .orElseGet(() -> ReportVerdict.unchecked(onDisk));
        write(EvidenceReportPage.render(onDisk, verdict, now));
        PrintWriter out = spec.commandLine().getOut();
        out.println("report written to " + output);
        out.println(verdict.headline());
        out.flush();
        return 0;
    }

    /** Writes the page in one step, so that a reader never opens half a report. */
    private void write(String html) {
        try {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staged = Files.createTempFile(parent, output.getFileName().toString(), ".tmp");
            try {
                Files.writeString(staged, html, StandardCharsets.UTF_8);
                try {
                    Files.move(staged, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(staged, output, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(staged);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        }
    }
}
