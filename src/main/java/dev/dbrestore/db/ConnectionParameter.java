package dev.dbrestore.db;

import dev.dbrestore.support.UserError;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The libpq connection parameters dbrestore passes on, besides host, port, user, password and
 * database: to the JDBC driver under pgjdbc's name, to pg_restore, psql and pg_dump as the
 * environment variable libpq reads. Each comes from the target URL's query, {@code target.params},
 * a {@code pg_service.conf} service or that environment variable, in this order.
 */
public enum ConnectionParameter {
    SSLMODE("sslmode", "PGSSLMODE", "sslmode"),
    SSLROOTCERT("sslrootcert", "PGSSLROOTCERT", "sslrootcert"),
    SSLCERT("sslcert", "PGSSLCERT", "sslcert"),
    SSLKEY("sslkey", "PGSSLKEY", "sslkey"),
    CONNECT_TIMEOUT("connect_timeout", "PGCONNECT_TIMEOUT", "connectTimeout"),
    APPLICATION_NAME("application_name", "PGAPPNAME", "ApplicationName"),
    OPTIONS("options", "PGOPTIONS", "options");

    static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private final String libpqName;
    private final String environmentVariable;
    private final String jdbcName;

    ConnectionParameter(String libpqName, String environmentVariable, String jdbcName) {
        this.libpqName = libpqName;
        this.environmentVariable = environmentVariable;
        this.jdbcName = jdbcName;
    }

    /** The keyword in a libpq connection string, URL query and pg_service.conf. */
    public String libpqName() {
        return libpqName;
    }

    /** The variable libpq reads when the connection string does not give the parameter. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** pgjdbc's name for the same connection property. */
    public String jdbcName() {
        return jdbcName;
    }

    static Optional<ConnectionParameter> byLibpqName(String name) {
        return Arrays.stream(values()).filter(p -> p.libpqName.equals(name)).findFirst();
    }

    static Optional<ConnectionParameter> byJdbcName(String name) {
        return Arrays.stream(values()).filter(p -> p.jdbcName.equals(name)).findFirst();
    }

    /** The libpq names, for messages. */
    static String names() {
        return String.join(", ", Arrays.stream(values()).map(ConnectionParameter::libpqName).toList());
    }

    /**
     * Checks a value as libpq would before it reaches a server. {@code where} names its origin
     * ("target.url", "PGSSLMODE"); the message names the parameter and the values allowed, never the
     * value itself (an {@code options} value may be anything).
     */
    String checked(String value, String where) {
        if (this == SSLMODE && !SSL_MODES.contains(value)) {
            throw new UserError(where + ": sslmode must be one of " + String.join(", ", SSL_MODES));
        }
        if (this == CONNECT_TIMEOUT && !value.strip().matches("\\d{1,9}")) {
            throw new UserError(where + ": connect_timeout must be a whole number of seconds");
        }
        return this == CONNECT_TIMEOUT ? value.strip() : value;
    }
}
