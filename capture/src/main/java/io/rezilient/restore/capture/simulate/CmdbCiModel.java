package io.rezilient.restore.capture.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Configuration items: servers and databases whose status, address and owner drift over time. */
final class CmdbCiModel implements TableModel {

    @Override
    public String table() {
        return Tables.CMDB_CI;
    }

    @Override
    public List<FieldDef> fields(int schemaVersion) {
        List<FieldDef> fields = new ArrayList<>(List.of(
                FieldDef.string("sys_id", 32), FieldDef.string("name", 255), FieldDef.string("sys_class_name", 80),
                FieldDef.string("ip_address", 40), FieldDef.integer("operational_status"),
                FieldDef.integer("install_status"), FieldDef.string("environment", 40),
                FieldDef.string("manufacturer", 100), FieldDef.reference("owned_by", "sys_user"),
                FieldDef.string("serial_number", 100)));
        fields.addAll(Audit.FIELDS);
        return fields;
    }

    @Override
    public LinkedHashMap<String, String> create(World world) {
        SeededRandom r = world.random;
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        String environment = r.pick(Vocabulary.ENVIRONMENTS);
        f.put("name", environment.substring(0, 4) + "-" + r.pick(Vocabulary.CI_ROLES) + "-"
                + String.format("%04d", r.nextInt(10000)));
        f.put("sys_class_name", r.pick(Vocabulary.CI_CLASSES));
        f.put("ip_address", ip(r));
        f.put("operational_status", "1");
        f.put("install_status", "1");
        f.put("environment", environment);
        f.put("manufacturer", r.pick(Vocabulary.MANUFACTURERS));
        f.put("owned_by", world.directory.user(r).sysId());
        f.put("serial_number", "SN-" + Long.toHexString(r.nextLong() >>> 24).toUpperCase(java.util.Locale.ROOT));
        return f;
    }

    @Override
    public List<String> update(World world, SimRecord record) {
        SeededRandom r = world.random;
        List<String> changed = new ArrayList<>();
        switch (r.nextInt(3)) {
            case 0 -> IncidentModel.set(record.fields, changed, "operational_status", Integer.toString(r.between(1, 6)));
            case 1 -> IncidentModel.set(record.fields, changed, "ip_address", ip(r));
            default -> IncidentModel.set(record.fields, changed, "owned_by", world.directory.user(r).sysId());
        }
        if (changed.isEmpty()) {
            IncidentModel.set(record.fields, changed, "install_status", "1".equals(record.fields.get("install_status")) ? "6" : "1");
        }
        return changed;
    }

    private static String ip(SeededRandom r) {
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.between(1, 254);
    }
}
