package io.rezilient.restore.contracts.restore;

/**
 * The captured operation of the winning source event ({@code operation} metadata, {@code source_operation}):
 * insert, update or delete. Wire values are the single upper-case letters; the materialiser trims and upper-cases
 * raw artifact values before looking them up, the indexer does not (service-spec §4.5, indexer-spec §2.3).
 */
public enum SourceOperation implements WireEnum {
    INSERT("I", PlanRowAction.INSERT),
    UPDATE("U", PlanRowAction.UPDATE),
    DELETE("D", PlanRowAction.DELETE);

    private final String wire;
    private final PlanRowAction sourceAction;

    SourceOperation(String wire, PlanRowAction sourceAction) {
        this.wire = wire;
        this.sourceAction = sourceAction;
    }

    @Override
    public String wire() {
        return wire;
    }

    /**
     * The action the source event implies before target reconciliation ({@code source_action}: I→insert,
     * U→update, D→delete); reconciliation may still change the plan row's action.
     */
    public PlanRowAction sourceAction() {
        return sourceAction;
    }

    /** The constant for a wire value; anything else is rejected with the allowed values listed. */
    public static SourceOperation fromWire(String value) {
        return WireValues.fromWire(SourceOperation.class, "source operation", value);
    }
}
