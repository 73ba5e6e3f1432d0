package io.rezilient.restore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.time.IsoUtc;
import io.rezilient.restore.service.evidence.PackageFiles;

import java.time.Instant;
import java.util.Objects;

/**
 * The auditor's page of an evidence package ({@code rez evidence report}): one self-contained HTML document — inline
 * style sheet, no scripts, no fonts, images or links to fetch — that opens offline and prints. Its content security
 * policy forbids scripts and every network fetch, so even a value that slipped past escaping could not run or call out.
 */
final class EvidenceReportPage {
    /** Rows not applied, conflicts, delete decisions and attachments listed before the rest are only counted. */
    static final int LIST_LIMIT = 500;

    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   font-size: 14px; line-height: 1.45; color: #1a1a1a; background: #fff; margin: 0 auto;
                   max-width: 1100px; padding: 24px; }
            h1 { font-size: 24px; margin: 0 0 12px; }
            h2 { font-size: 19px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d0d0d0; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            p { margin: 6px 0; }
            .verdict { border-radius: 6px; padding: 14px 18px; margin: 12px 0 16px; color: #fff; }
            .verdict p { margin: 2px 0; }
            .verdict .verdict-title { font-size: 26px; font-weight: 700; letter-spacing: 0.04em; }
            .verdict ul { margin: 6px 0 0 20px; padding: 0; }
            .verified { background: #1b6e2a; border: 2px solid #0f4d1b; }
            .not-verified { background: #b3261e; border: 2px solid #7f1710; }
            .meta { color: #444; }
            .warning { background: #fff4e5; border-left: 4px solid #e08600; padding: 6px 10px; }
            .more { font-style: italic; color: #444; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 6px 0; }
            dl.facts dt { font-weight: 600; color: #333; }
            dl.facts dd { margin: 0; }
            table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
            th, td { border: 1px solid #c8c8c8; padding: 4px 7px; text-align: left; vertical-align: top; }
            th { background: #eef0f3; }
            tfoot td { font-weight: 700; background: #f6f7f9; }
            tbody tr:last-child td { border-bottom: 1px solid #c8c8c8; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            .code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px;
                    overflow-wrap: anywhere; }
            .pass { color: #1b6e2a; font-weight: 700; }
            .fail { color: #b3261e; font-weight: 700; }
            .unchecked { color: #8a5a00; font-weight: 700; }
            footer { margin-top: 32px; color: #555; font-size: 12px; border-top: 1px solid #d0d0d0;
                     padding-top: 8px; }
            @media print {
              @page { margin: 14mm; }
              body { font-size: 10pt; max-width: none; padding: 0; }
              .verdict, th, tfoot td, .warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
              h2, h3 { break-after: avoid; }
              tr, dl.facts dt, dl.facts dd { break-inside: avoid; }
              thead { display: table-header-group; }
            }
            """;

    private EvidenceReportPage() {
    }

    /**
     * @param renderedAt when the report is made, stated on the page (a report is a reading of the package at a time)
     */
    static String render(PackageFiles.OnDisk onDisk, ReportVerdict verdict, Instant renderedAt) {
        Objects.requireNonNull(verdict, "verdict");
        JsonNode record = onDisk.record();
        JsonNode evidence = onDisk.evidence();
        EvidenceContents contents = EvidenceContents.read(onDisk, LIST_LIMIT);
        String jobId = DisplayText.field(evidence, "job_id");

        ReportMarkup page = new ReportMarkup();
        page.trusted("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.element("title", "", "Restore evidence report: job " + jobId);
        page.trusted("<style>\n" + STYLE + "</style>\n</head>\n<body>\n");

        page.open("header", "").element("h1", "", "Restore evidence report");
        banner(page, verdict);
        page.element("p", "meta", "Job " + jobId + " · evidence " + DisplayText.field(evidence, "evidence_id")
                + " · restored to " + DisplayText.field(evidence, "backup_timestamp"));
        for (String problem : contents.problems()) {
            page.warning("The package is incomplete: " + problem + ". The sections that need it are empty.");
        }
        page.close("header");

        WhoWhatWhenSection.render(page, evidence, contents);
        WhySection.render(page, evidence, contents);
        OutcomesSection.render(page, evidence, contents);
        ExceptionsSection.render(page, evidence, contents, LIST_LIMIT);
        UndoSection.render(page, contents);
        VerificationSection.render(page, record, verdict);

        page.open("footer", "").paragraph("Made by rez evidence report at " + IsoUtc.format(renderedAt) + " from "
                + onDisk.location() + ". Everything on this page is read from the package; the verdict above is"
                + " this report's own check, made when the page was made.").close("footer");
        page.trusted("</body>\n</html>\n");
        return page.html();
    }

    private static void banner(ReportMarkup page, ReportVerdict verdict) {
        page.open("div", verdict.verified() ? "verdict verified" : "verdict not-verified");
        page.element("p", "verdict-title", verdict.verified() ? "VERIFIED" : "NOT VERIFIED");
        if (verdict.verified()) {
            page.paragraph("Every check passed: the artifacts, the report hash and the manifest match, and the"
                    + " signature verifies with " + verdict.keysUsed() + ".");
        } else {
            page.paragraph("What this page shows is read from the package as it is, and is not proven to be what"
                    + " the service signed.");
            if (!verdict.signatureChecked()) {
                page.paragraph(ReportVerdict.NOT_CHECKED_SENTENCE);
            }
            if (!verdict.failing().isEmpty()) {
                page.paragraph("Failing checks:");
                page.open("ul", "");
                verdict.failing().forEach(name -> page.element("li", "", name));
                page.close("ul");
            } else if (verdict.signatureChecked()) {
                page.paragraph("The service's verdict: " + verdict.serviceVerdict().get().reasonCode() + ".");
            }
        }
        page.close("div");
    }
}
