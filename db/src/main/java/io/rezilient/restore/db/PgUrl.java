package io.rezilient.restore.db;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL JDBC URL of the form {@code jdbc:postgresql://host[:port]/database[?params]}; the parameters may carry
 * {@code user} and {@code password} (as {@code rez pg url} prints them).
 *
 * @param hostSpec {@code host[:port]} (or a comma-separated list of them), as given
 * @param database the database name
 * @param query    the raw parameter string without the leading {@code ?}, empty when there is none
 */
public record PgUrl(String hostSpec, String database, String query) {
    /** The only URL form we accept: explicit host and database, so a URL can never silently mean "localhost". */
    private static final Pattern FORM = Pattern.compile("jdbc:postgresql://([^/?#]+)/([^/?#]+)(?:\\?(.*))?");
    private static final Pattern PASSWORD = Pattern.compile("(?i)(^|&)(password=)[^&]*");
    private static final String REDACTED = "***";

    public PgUrl {
        if (hostSpec == null || hostSpec.isBlank() || database == null || database.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL URL needs a host and a database");
        }
        query = query == null ? "" : query;
    }

    /** Parses {@code url}; the message of a rejection never repeats the URL, which may hold a password. */
    public static PgUrl parse(String url) {
        Matcher matcher = url == null ? null : FORM.matcher(url.trim());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException(
                    "not a PostgreSQL JDBC URL; expected jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD");
        }
        return new PgUrl(matcher.group(1), matcher.group(2), matcher.group(3));
    }

    /** The same server and parameters, another database. */
    public PgUrl withDatabase(String otherDatabase) {
        return new PgUrl(hostSpec, otherDatabase, query);
    }

    /** The URL to hand to the driver (includes the password, if any). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostSpec + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    /** The URL with its password masked, fit for logs and terminal output. */
    public String redacted() {
        String maskedQuery = PASSWORD.matcher(query).replaceAll("$1$2" + REDACTED);
        return "jdbc:postgresql://" + hostSpec + "/" + database + (maskedQuery.isEmpty() ? "" : "?" + maskedQuery);
    }

    /** A non-pooling data source for this URL; user and password come from the URL's parameters. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        return dataSource;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
