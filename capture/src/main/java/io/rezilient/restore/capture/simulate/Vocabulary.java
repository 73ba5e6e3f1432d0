package io.rezilient.restore.capture.simulate;

/** Word lists the synthetic records are made of: plausible ServiceNow-like text, not lorem ipsum. */
final class Vocabulary {
    static final String[] SERVICES = {"Email", "VPN", "Payroll", "CRM", "Intranet portal", "Printer fleet",
            "SAP finance", "Wi-Fi", "Expense app", "Service desk phone line", "File share", "Video conferencing",
            "Badge reader", "Data warehouse", "Build pipeline", "Customer portal", "Mobile banking app", "SSO login"};
    static final String[] SYMPTOMS = {"unavailable", "very slow", "returning errors", "not syncing",
            "rejecting logins", "timing out", "showing stale data", "crashing on start", "intermittently down",
            "missing recent records", "sending duplicate notifications", "failing certificate checks"};
    static final String[] AUDIENCES = {"Finance users", "the London office", "all remote staff", "the night shift",
            "new hires", "the Berlin warehouse", "executive assistants", "the support team", "contractors",
            "the Singapore branch", "call-centre agents", "field engineers"};
    static final String[] DETAILS = {"Users report the problem started after the morning change window.",
            "Restarting the client does not help.", "Affects roughly a third of the team.",
            "Error code 0x80070005 shown in the dialog.", "Workaround: use the web client.",
            "Monitoring shows CPU at 95 percent on the primary node.", "Ticket raised by phone.",
            "Customer escalated twice already.", "Vendor case opened with reference VND-2231.",
            "Logs show repeated connection resets.", "Happens only on the corporate network."};
    static final String[] CATEGORIES = {"inquiry", "software", "hardware", "network", "database"};
    static final String[] FIRST_NAMES = {"Abel", "Beth", "Carlos", "Dana", "Emeka", "Fatima", "Goran", "Hana",
            "Ines", "Jonas", "Keiko", "Liam", "Maya", "Nikos", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tariq",
            "Uma", "Viktor", "Wen", "Yara"};
    static final String[] LAST_NAMES = {"Tuter", "Anderson", "Mendes", "Okafor", "Haddad", "Novak", "Sato",
            "Berg", "Kowalski", "Fischer", "Moreau", "Rossi", "Silva", "Larsen", "Ivanova", "Chen"};
    static final String[] GROUPS = {"Service Desk", "Network", "Database", "Hardware", "Software", "Security",
            "Application Development", "Field Services"};
    static final String[] CI_CLASSES = {"cmdb_ci_server", "cmdb_ci_linux_server", "cmdb_ci_win_server",
            "cmdb_ci_database", "cmdb_ci_app_server", "cmdb_ci_netgear"};
    static final String[] CI_ROLES = {"app", "db", "web", "mail", "file", "auth", "cache", "queue", "proxy"};
    static final String[] ENVIRONMENTS = {"production", "staging", "development", "test"};
    static final String[] MANUFACTURERS = {"Dell Inc.", "Hewlett Packard Enterprise", "Lenovo", "Cisco Systems",
            "Supermicro"};
    static final String[] LOG_COMPONENTS = {"auth-service", "mail-relay", "vpn-gateway", "scheduler",
            "payment-api", "ldap-sync", "backup-agent", "print-spooler"};
    static final String[] LOG_MESSAGES = {"connection reset by peer", "retrying request after timeout",
            "user session expired", "certificate chain validated", "queue depth above threshold",
            "configuration reloaded", "disk usage at 87 percent", "handshake completed",
            "upstream returned HTTP 503", "cache warmed with 4812 entries"};
    static final String[] IMPACT_NOTES = {"Revenue-affecting outage", "Single user affected",
            "Regulatory reporting delayed", "Customer-facing degradation", "Internal productivity loss"};

    private Vocabulary() {
    }
}
