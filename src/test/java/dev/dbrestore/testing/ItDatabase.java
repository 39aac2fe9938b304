package dev.dbrestore.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** For the invoker ITs' verify scripts: a JDBC connection to the test server. */
public final class ItDatabase {
    private ItDatabase() {
    }

    public static Connection connect(String host, String port, String user, String password, String database)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }
}
