package io.rezilient.restore.service.plans.query;

import io.rezilient.restore.contracts.time.ServiceNowDateTime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the supported subset of ServiceNow's encoded query syntax. One left-to-right scan, no regular expressions,
 * so a megabyte of query costs linear time. {@code ^OR} binds tighter than {@code ^} (ServiceNow's precedence), so
 * the result is an AND of OR-groups: {@code a^ORb^c} is {@code (a OR b) AND c}.
 */
final class EncodedQueryParser {
    static final String HELP = "supported: fields " + QueryField.SUPPORTED + "; operators " + QueryOperator.SUPPORTED
            + "; conditions joined by ^ (AND) and ^OR (OR)";

    private static final String JAVASCRIPT = "javascript:";
    private static final int SHOWN_CHARS = 80;
    /** ServiceNow keywords after {@code ^} that change the query's meaning in ways we cannot honour. */
    private static final List<String> UNSUPPORTED_KEYWORDS = List.of("NQ", "ORDERBY", "GROUPBY");
    /** Operators that begin like a supported one and would otherwise be misread as it. */
    private static final List<String> LOOKALIKE_OPERATORS = List.of("INSTANCEOF");

    private final String text;
    private int conditionNumber;

    private EncodedQueryParser(String text) {
        this.text = text;
    }

    static List<Disjunction> parse(String text) {
        if (text == null) {
            throw new EncodedQueryException("encoded query is missing; " + HELP);
        }
        return new EncodedQueryParser(text).clauses();
    }

    private List<Disjunction> clauses() {
        List<Disjunction> clauses = new ArrayList<>();
        List<Condition> group = new ArrayList<>();
        int start = 0;
        while (true) {
            int caret = text.indexOf('^', start);
            String written = caret < 0 ? text.substring(start) : text.substring(start, caret);
            group.add(condition(written));
            if (caret < 0) {
                break;
            }
            int next = caret + 1;
            rejectKeyword(next);
            if (text.startsWith("OR", next)) {
                start = next + 2;
            } else {
                clauses.add(new Disjunction(group));
                group = new ArrayList<>();
                start = next;
            }
        }
        clauses.add(new Disjunction(group));
        return clauses;
    }

    private void rejectKeyword(int at) {
        for (String keyword : UNSUPPORTED_KEYWORDS) {
            if (text.startsWith(keyword, at)) {
                throw new EncodedQueryException("encoded query uses ^" + keyword + " after condition "
                        + conditionNumber + ", which is not supported; " + HELP);
            }
        }
    }

    private Condition condition(String written) {
        conditionNumber++;
        if (written.isEmpty()) {
            throw fail(written, "is empty");
        }
        QueryField field = longestFieldPrefix(written);
        if (field == null) {
            throw fail(written, "does not start with a supported field");
        }
        String rest = written.substring(field.wire().length());
        QueryOperator operator = operator(written, rest);
        String value = rest.substring(operator.wire().length());
        if (value.isEmpty()) {
            throw fail(written, "has no value");
        }
        List<String> values = operator == QueryOperator.IN ? listItems(written, value) : List.of(value);
        List<String> checked = new ArrayList<>(values.size());
        for (String item : values) {
            checked.add(checkedValue(written, field, operator, item));
        }
        return new Condition(field, operator, checked, written);
    }

    private static QueryField longestFieldPrefix(String written) {
        QueryField best = null;
        for (QueryField field : QueryField.values()) {
            if (written.startsWith(field.wire()) && (best == null || field.wire().length() > best.wire().length())) {
                best = field;
            }
        }
        return best;
    }

    private QueryOperator operator(String written, String rest) {
        for (String lookalike : LOOKALIKE_OPERATORS) {
            if (rest.startsWith(lookalike)) {
                throw fail(written, "uses the unsupported operator " + lookalike);
            }
        }
        // "!=" before "=": the longer operator wins where both could match
        for (QueryOperator operator : List.of(QueryOperator.NOT_EQUALS, QueryOperator.EQUALS, QueryOperator.IN,
                QueryOperator.STARTS_WITH)) {
            if (rest.startsWith(operator.wire())) {
                return operator;
            }
        }
        throw fail(written, "uses an unsupported operator");
    }

    /** {@code IN} alternatives: comma-separated, edges trimmed (hand-written lists often have spaces), no blanks. */
    private List<String> listItems(String written, String value) {
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) {
                throw fail(written, "has an empty value in its IN list");
            }
            items.add(trimmed);
        }
        return List.copyOf(items);
    }

    private String checkedValue(String written, QueryField field, QueryOperator operator, String value) {
        if (value.regionMatches(true, 0, JAVASCRIPT, 0, JAVASCRIPT.length())) {
            throw fail(written, "uses a javascript: value, which is never evaluated");
        }
        boolean exact = operator != QueryOperator.STARTS_WITH;
        return switch (field) {
            case OPERATION -> {
                if (!List.of("I", "U", "D").contains(value)) {
                    throw fail(written, "compares operation with '" + shown(value) + "' (operation is I, U or D)");
                }
                yield value;
            }
            case SYS_MOD_COUNT -> {
                if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw fail(written, "compares sys_mod_count with '" + shown(value) + "' (not a decimal number)");
                }
                // the index holds an integer, rendered without leading zeros: "007" must still match 7
                yield exact ? stripLeadingZeros(value) : value;
            }
            case SYS_UPDATED_ON -> {
                if (exact && !ServiceNowDateTime.isValid(value)) {
                    throw fail(written, "compares sys_updated_on with '" + shown(value)
                            + "' (needs YYYY-MM-DD HH:mm:ss; use STARTSWITH for a date prefix)");
                }
                yield value;
            }
            case SYS_ID, EVENT_TYPE, TABLE -> value;
        };
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private EncodedQueryException fail(String written, String reason) {
        return new EncodedQueryException("encoded query condition " + conditionNumber + " '" + shown(written) + "' "
                + reason + "; " + HELP);
    }

    /** Enough of a caller's text to recognise it, without echoing a megabyte back. */
    private static String shown(String value) {
        return value.length() > SHOWN_CHARS ? value.substring(0, SHOWN_CHARS) + "…" : value;
    }
}
