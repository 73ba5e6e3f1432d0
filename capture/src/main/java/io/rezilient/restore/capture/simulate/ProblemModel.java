package io.rezilient.restore.capture.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Problems: New → Assess → Root Cause Analysis → Fix in Progress → Resolved → Closed. */
final class ProblemModel implements TableModel {
    private static final List<String> STATES = List.of("101", "102", "103", "104", "106", "107");

    @Override
    public String table() {
        return Tables.PROBLEM;
    }

    @Override
    public List<FieldDef> fields(int schemaVersion) {
        List<FieldDef> fields = new ArrayList<>(List.of(
                FieldDef.string("sys_id", 32), FieldDef.string("number", 40),
                FieldDef.string("short_description", 160), FieldDef.string("description", 4000),
                FieldDef.integer("state"), FieldDef.integer("priority"),
                FieldDef.reference("assigned_to", "sys_user"), FieldDef.reference("assignment_group", "sys_user_group"),
                FieldDef.reference("cmdb_ci", Tables.CMDB_CI), FieldDef.bool("known_error"), FieldDef.bool("active")));
        fields.addAll(Audit.FIELDS);
        return fields;
    }

    @Override
    public LinkedHashMap<String, String> create(World world) {
        SeededRandom r = world.random;
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put("number", world.nextNumber("PRB", 40001));
        f.put("short_description", "Recurring: " + Text.shortDescription(r));
        f.put("description", Text.details(r, 3));
        f.put("state", STATES.getFirst());
        f.put("priority", Integer.toString(r.between(1, 4)));
        f.put("assigned_to", world.directory.user(r).sysId());
        f.put("assignment_group", world.directory.group(r));
        f.put("cmdb_ci", world.randomReference(Tables.CMDB_CI));
        f.put("known_error", "false");
        f.put("active", "true");
        return f;
    }

    @Override
    public List<String> update(World world, SimRecord record) {
        SeededRandom r = world.random;
        LinkedHashMap<String, String> f = record.fields;
        List<String> changed = new ArrayList<>();
        switch (r.nextInt(4)) {
            case 0, 1 -> {
                int at = STATES.indexOf(f.get("state"));
                String next = STATES.get(Math.min(STATES.size() - 1, at + 1));
                IncidentModel.set(f, changed, "state", next);
                IncidentModel.set(f, changed, "active", STATES.getLast().equals(next) ? "false" : "true");
            }
            case 2 -> IncidentModel.set(f, changed, "assigned_to", world.directory.user(r).sysId());
            default -> IncidentModel.set(f, changed, "known_error", "true".equals(f.get("known_error")) ? "false" : "true");
        }
        if (changed.isEmpty()) {
            IncidentModel.set(f, changed, "description", f.get("description") + " " + Text.details(r, 1));
        }
        return changed;
    }
}
