package io.rezilient.restore.capture.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Incidents: move New → In Progress ⇄ On Hold → Resolved → Closed, get reassigned and re-prioritised. */
final class IncidentModel implements TableModel {
    /** Added by the simulated schema change (schema version 2). */
    static final FieldDef CUSTOMER_IMPACT = FieldDef.string("u_customer_impact", 80);
    private static final String NEW = "1";
    private static final String IN_PROGRESS = "2";
    private static final String ON_HOLD = "3";
    private static final String RESOLVED = "6";
    private static final String CLOSED = "7";

    @Override
    public String table() {
        return Tables.INCIDENT;
    }

    @Override
    public List<FieldDef> fields(int schemaVersion) {
        List<FieldDef> fields = new ArrayList<>(List.of(
                FieldDef.string("sys_id", 32), FieldDef.string("number", 40),
                FieldDef.string("short_description", 160), FieldDef.string("description", 4000),
                FieldDef.integer("state"), FieldDef.integer("priority"), FieldDef.integer("impact"),
                FieldDef.integer("urgency"), FieldDef.string("category", 40),
                FieldDef.reference("assigned_to", "sys_user"), FieldDef.reference("assignment_group", "sys_user_group"),
                FieldDef.reference("caller_id", "sys_user"), FieldDef.reference("cmdb_ci", Tables.CMDB_CI),
                FieldDef.reference("problem_id", Tables.PROBLEM), FieldDef.bool("active")));
        if (schemaVersion >= 2) {
            fields.add(CUSTOMER_IMPACT);
        }
        fields.addAll(Audit.FIELDS);
        return fields;
    }

    @Override
    public LinkedHashMap<String, String> create(World world) {
        SeededRandom r = world.random;
        int impact = r.between(1, 3);
        int urgency = r.between(1, 3);
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put("number", world.nextNumber("INC", 10001));
        f.put("short_description", Text.shortDescription(r));
        f.put("description", Text.details(r, 2));
        f.put("state", NEW);
        f.put("priority", Integer.toString(priority(impact, urgency)));
        f.put("impact", Integer.toString(impact));
        f.put("urgency", Integer.toString(urgency));
        f.put("category", r.pick(Vocabulary.CATEGORIES));
        f.put("assigned_to", "");
        f.put("assignment_group", world.directory.group(r));
        f.put("caller_id", world.directory.user(r).sysId());
        f.put("cmdb_ci", world.randomReference(Tables.CMDB_CI));
        f.put("problem_id", "");
        f.put("active", "true");
        if (world.schemaVersion(Tables.INCIDENT) >= 2) {
            f.put(CUSTOMER_IMPACT.element(), r.pick(Vocabulary.IMPACT_NOTES));
        }
        return f;
    }

    @Override
    public List<String> update(World world, SimRecord record) {
        SeededRandom r = world.random;
        LinkedHashMap<String, String> f = record.fields;
        List<String> changed = new ArrayList<>();
        int changes = r.between(1, 3);
        for (int i = 0; i < changes; i++) {
            switch (r.nextInt(6)) {
                case 0, 1 -> advanceState(r, f, changed);
                case 2 -> set(f, changed, "assigned_to", world.directory.user(r).sysId());
                case 3 -> {
                    int impact = r.between(1, 3);
                    set(f, changed, "impact", Integer.toString(impact));
                    set(f, changed, "priority", Integer.toString(priority(impact, Integer.parseInt(f.get("urgency")))));
                }
                case 4 -> set(f, changed, "description", f.get("description") + " " + Text.details(r, 1));
                default -> {
                    if (world.schemaVersion(Tables.INCIDENT) >= 2 && r.chance(0.5)) {
                        set(f, changed, CUSTOMER_IMPACT.element(), r.pick(Vocabulary.IMPACT_NOTES));
                    } else if (r.chance(0.5)) {
                        set(f, changed, "problem_id", world.randomReference(Tables.PROBLEM));
                    } else {
                        set(f, changed, "cmdb_ci", world.randomReference(Tables.CMDB_CI));
                    }
                }
            }
        }
        if (changed.isEmpty()) {
            set(f, changed, "short_description", Text.shortDescription(r));
        }
        return changed;
    }

    private static void advanceState(SeededRandom r, LinkedHashMap<String, String> f, List<String> changed) {
        String next = switch (f.get("state")) {
            case NEW -> IN_PROGRESS;
            case IN_PROGRESS -> r.chance(0.25) ? ON_HOLD : RESOLVED;
            case ON_HOLD -> IN_PROGRESS;
            case RESOLVED -> r.chance(0.2) ? IN_PROGRESS : CLOSED;
            default -> CLOSED;
        };
        set(f, changed, "state", next);
        set(f, changed, "active", CLOSED.equals(next) ? "false" : "true");
    }

    static int priority(int impact, int urgency) {
        return Math.min(5, impact + urgency - 1);
    }

    /** Sets a field and records its name once if the value really changed. */
    static void set(LinkedHashMap<String, String> fields, List<String> changed, String name, String value) {
        if (!value.equals(fields.put(name, value)) && !changed.contains(name)) {
            changed.add(name);
        }
    }
}
