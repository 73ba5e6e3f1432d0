package io.rezilient.restore.service.plans.query;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A parsed ServiceNow encoded query ({@code scope.encoded_query}), restricted to what the service can evaluate on
 * indexed metadata without decrypting anything: fields {@code sys_id, sys_updated_on, sys_mod_count, operation,
 * event_type, table}; operators {@code =, !=, IN, STARTSWITH}; joined by {@code ^} (AND) and {@code ^OR} (OR),
 * where {@code ^OR} binds tighter. Anything else is refused with an {@link EncodedQueryException} rather than
 * ignored, because ignoring a condition would widen the restore.
 *
 * @param text    the query as written
 * @param clauses the OR-groups, all of which must hold
 */
public record EncodedQuery(String text, List<Disjunction> clauses) {
    public EncodedQuery {
        Objects.requireNonNull(text, "text");
        clauses = List.copyOf(clauses);
        if (clauses.isEmpty()) {
            throw new IllegalArgumentException("an encoded query needs at least one clause");
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws EncodedQueryException naming the offending condition and what is supported
     */
    public static EncodedQuery parse(String text) {
        return new EncodedQuery(text, EncodedQueryParser.parse(text));
    }

    /** True when this version of a record satisfies every clause. */
    public boolean matches(RecordFacts facts) {
        Objects.requireNonNull(facts, "facts");
        return clauses.stream().allMatch(clause -> clause.matches(facts));
    }

    /**
     * The exact sys_ids the query admits, when it is nothing but {@code sys_id=}/{@code sys_idIN} conditions
     * joined by {@code ^OR}: then the index lookup can be restricted to them instead of scanning whole tables.
     * Empty for any other query (an AND, another field or operator), which must be evaluated record by record.
     */
    public Optional<Set<String>> pushDownSysIds() {
        if (clauses.size() != 1) {
            return Optional.empty();
        }
        SortedSet<String> ids = new TreeSet<>();
        for (Condition condition : clauses.get(0).conditions()) {
            boolean pushable = condition.field() == QueryField.SYS_ID
                    && (condition.operator() == QueryOperator.EQUALS || condition.operator() == QueryOperator.IN);
            if (!pushable) {
                return Optional.empty();
            }
            ids.addAll(condition.values());
        }
        return Optional.of(Collections.unmodifiableSortedSet(ids));
    }

    @Override
    public String toString() {
        return text;
    }
}
