package io.rezilient.restore.agent.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.restore.ConflictClass;
import io.rezilient.restore.contracts.restore.PlanRowAction;
import io.rezilient.restore.contracts.restore.ReasonCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what to do with one row from the plan row and the target as it is under the row's locks. No I/O: the
 * writer reads the target, this class judges it.
 *
 * <p>The checks run from the plan's own verdicts to the target's: a plan skip; a row an earlier claim of the job
 * already applied; a table or columns the target lacks (a schema failure outranks any conflict, since nothing
 * could be written anyway); the record's existence against the action; its fingerprint against the one
 * reconciliation saw.
 *
 * <p>Which columns a row writes: the fields its record carries (except {@code sys_id}, the key), or in a
 * column-scope plan only the listed columns the record carries. A field the table lacks fails the row rather than
 * being dropped; in column scope only the listed columns are checked, and a listed column the record does not
 * carry is left as it is.
 */
final class RowDecider {
    private RowDecider() {
    }

    static RowDecision decide(RowChange row, Optional<List<String>> columnScope, TargetTable table,
                              Optional<ObjectNode> current, Optional<EarlierApply> earlier) {
        if (row.action() == PlanRowAction.SKIP) {
            return new RowDecision.PlanSkip();
        }
        if (earlier.isPresent()) {
            return new RowDecision.AlreadyApplied(earlier.get());
        }
        if (table instanceof TargetTable.Unusable unusable) {
            return new RowDecision.Fail(ReasonCode.FAILED_SCHEMA_CONFLICT, unusable.problem());
        }
        TableShape shape = ((TargetTable.Usable) table).shape();
        Map<String, String> columns = Map.of();
        if (row.values().isPresent()) {
            Optional<RowDecision.Fail> problem = valueProblem(row, row.values().get(), columnScope, shape);
            if (problem.isPresent()) {
                return problem.get();
            }
            columns = columns(row.values().get(), columnScope);
        }
        String record = "record " + row.record();
        switch (row.action()) {
            case INSERT -> {
                if (current.isPresent()) {
                    return new RowDecision.Conflict(ConflictClass.UNEXPECTED_EXISTING_CONFLICT,
                            record + " already exists on the target");
                }
            }
            case UPDATE -> {
                if (current.isEmpty()) {
                    return new RowDecision.Conflict(ConflictClass.MISSING_ROW_CONFLICT,
                            record + " does not exist on the target");
                }
            }
            case DELETE -> {
                if (current.isEmpty()) {
                    return new RowDecision.NothingToDelete();
                }
            }
            case SKIP -> throw new IllegalStateException("skips are decided above");
        }
        if (row.expectedFingerprint().isPresent() && current.isPresent()) {
            String now = TargetFingerprint.of(current.get());
            if (!now.equals(row.expectedFingerprint().get())) {
                return new RowDecision.Conflict(ConflictClass.VALUE_CONFLICT, record
                        + " changed on the target since reconciliation (fingerprint " + now + ", expected "
                        + row.expectedFingerprint().get() + ")");
            }
        }
        return new RowDecision.Write(row.action(), columns);
    }

    private static Optional<RowDecision.Fail> valueProblem(RowChange row, ObjectNode values,
                                                           Optional<List<String>> columnScope, TableShape shape) {
        JsonNode sysId = values.get(TableShape.KEY);
        if (sysId != null && !sysId.isNull() && !sysId.asText().equals(row.sysId())) {
            return Optional.of(new RowDecision.Fail(ReasonCode.FAILED_INTERNAL_ERROR, "the values of record "
                    + row.record() + " carry sys_id " + sysId.asText()));
        }
        List<String> checked = columnScope.orElseGet(() -> fieldNames(values));
        List<String> notPlain = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : checked) {
            if (name.equals(TableShape.KEY)) {
                continue;
            }
            if (!SqlIdentifiers.isPlain(name)) {
                notPlain.add(name);
            } else if (shape.column(name).isEmpty()) {
                missing.add(name);
            }
        }
        String what = columnScope.isPresent() ? "column-scope column" : "field";
        if (!notPlain.isEmpty()) {
            return Optional.of(new RowDecision.Fail(ReasonCode.FAILED_SCHEMA_CONFLICT, what + plural(notPlain)
                    + " of record " + row.record() + " " + (notPlain.size() == 1 ? "is" : "are")
                    + " not a plain SQL identifier: " + String.join(", ", notPlain.stream().sorted().toList())));
        }
        if (!missing.isEmpty()) {
            return Optional.of(new RowDecision.Fail(ReasonCode.FAILED_SCHEMA_CONFLICT, "target table "
                    + shape.describe() + " has no column for " + what + plural(missing) + " "
                    + String.join(", ", missing.stream().sorted().toList()) + " of record " + row.record()));
        }
        for (String name : checked) {
            JsonNode value = values.get(name);
            if (!name.equals(TableShape.KEY) && value != null && value.isContainerNode()) {
                return Optional.of(new RowDecision.Fail(ReasonCode.FAILED_SCHEMA_CONFLICT, "field " + name
                        + " of record " + row.record() + " holds a JSON " + (value.isObject() ? "object" : "array")
                        + "; target columns take string values"));
            }
        }
        return Optional.empty();
    }

    /** The columns a row writes, in the order of the plan's column scope or of the record's fields. */
    private static Map<String, String> columns(ObjectNode values, Optional<List<String>> columnScope) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String name : columnScope.orElseGet(() -> fieldNames(values))) {
            JsonNode value = values.get(name);
            if (!name.equals(TableShape.KEY) && value != null) {
                columns.put(name, value.isNull() ? null : value.asText());
            }
        }
        return columns;
    }

    private static List<String> fieldNames(ObjectNode values) {
        List<String> names = new ArrayList<>();
        values.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String plural(List<String> names) {
        return names.size() == 1 ? "" : "s";
    }
}
