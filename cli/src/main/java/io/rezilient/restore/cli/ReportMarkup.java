package io.rezilient.restore.cli;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds the markup of the evidence report. Text is always escaped with {@link HtmlText}; tag and class names come
 * only from this code and are checked to be plain names, so no value from a package can add markup or attributes.
 */
final class ReportMarkup {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern CLASSES = Pattern.compile("[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)*");

    /** How a column's or a fact's values are shown. */
    enum Style {
        TEXT(""), NUMBER("num"), CODE("code"),
        /** {@code PASS}, {@code FAIL} or anything else (not checked), coloured accordingly. */
        RESULT("");

        private final String cssClass;

        Style(String cssClass) {
            this.cssClass = cssClass;
        }

        String cssClass(String value) {
            if (this != RESULT) {
                return cssClass;
            }
            return switch (value) {
                case "PASS" -> "pass";
                case "FAIL" -> "fail";
                default -> "unchecked";
            };
        }
    }

    /** A table column: its heading and how its cells are shown. */
    record Column(String title, Style style) {
        Column {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(style, "style");
        }

        static Column text(String title) {
            return new Column(title, Style.TEXT);
        }

        static Column number(String title) {
            return new Column(title, Style.NUMBER);
        }

        static Column code(String title) {
            return new Column(title, Style.CODE);
        }
    }

    /** One labelled value of a fact list. */
    record Fact(String label, String value, Style style) {
        Fact {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(style, "style");
        }

        static Fact text(String label, String value) {
            return new Fact(label, value, Style.TEXT);
        }

        static Fact code(String label, String value) {
            return new Fact(label, value, Style.CODE);
        }
    }

    private final StringBuilder html = new StringBuilder(64 * 1024);

    /** Opens {@code <tag class="…">}; {@code cssClasses} may be empty. */
    ReportMarkup open(String tag, String cssClasses) {
        html.append('<').append(name(tag));
        if (!cssClasses.isEmpty()) {
            if (!CLASSES.matcher(cssClasses).matches()) {
                throw new IllegalArgumentException("not a list of CSS class names: " + cssClasses);
            }
            html.append(" class=\"").append(cssClasses).append('"');
        }
        html.append('>');
        return this;
    }

    ReportMarkup close(String tag) {
        html.append("</").append(name(tag)).append(">\n");
        return this;
    }

    /** {@code <tag class="…">text</tag>} with the text escaped. */
    ReportMarkup element(String tag, String cssClasses, String text) {
        open(tag, cssClasses);
        html.append(HtmlText.escape(text));
        return close(tag);
    }

    ReportMarkup heading(String text) {
        return element("h2", "", text);
    }

    ReportMarkup subheading(String text) {
        return element("h3", "", text);
    }

    ReportMarkup paragraph(String text) {
        return element("p", "", text);
    }

    /** A paragraph set apart as a warning: something in the package does not add up or is missing. */
    ReportMarkup warning(String text) {
        return element("p", "warning", text);
    }

    ReportMarkup facts(List<Fact> facts) {
        if (facts.isEmpty()) {
            return paragraph("Not recorded in the package.");
        }
        open("dl", "facts");
        for (Fact fact : facts) {
            element("dt", "", fact.label());
            element("dd", fact.style().cssClass(fact.value()), fact.value());
        }
        return close("dl");
    }

    /** A table; each row holds one text per column. */
    ReportMarkup table(List<Column> columns, List<List<String>> rows) {
        return table(columns, rows, List.of());
    }

    /** A table whose last row, {@code totals}, sums up the others (none when empty). */
    ReportMarkup table(List<Column> columns, List<List<String>> rows, List<String> totals) {
        open("table", "").open("thead", "").open("tr", "");
        for (Column column : columns) {
            element("th", column.style() == Style.NUMBER ? "num" : "", column.title());
        }
        close("tr").close("thead").open("tbody", "");
        for (List<String> row : rows) {
            row(columns, row);
        }
        close("tbody");
        if (!totals.isEmpty()) {
            open("tfoot", "");
            row(columns, totals);
            close("tfoot");
        }
        return close("table");
    }

    private void row(List<Column> columns, List<String> cells) {
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of "
                    + columns.size() + " columns");
        }
        open("tr", "");
        for (int c = 0; c < cells.size(); c++) {
            element("td", columns.get(c).style().cssClass(cells.get(c)), cells.get(c));
        }
        close("tr");
    }

    /** Says how many more entries exist than a list shows, and where all of them are. */
    ReportMarkup notListed(long count, String what, String whereAll) {
        if (count > 0) {
            element("p", "more", "… and " + count + " more " + what + ", not listed here (" + whereAll + ").");
        }
        return this;
    }

    /** Markup written by this code only (the page's head and style sheet), never a value from a package. */
    ReportMarkup trusted(String markup) {
        html.append(markup);
        return this;
    }

    String html() {
        return html.toString();
    }

    private static String name(String tag) {
        if (!NAME.matcher(tag).matches()) {
            throw new IllegalArgumentException("not a tag name: " + tag);
        }
        return tag;
    }
}
