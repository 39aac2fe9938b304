package it;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What an application's IT does: connect with the properties the snippet hands to failsafe. */
class CopyIT {
    @Test
    void theRestoredCopyIsThere() throws Exception {
        assertFalse(Boolean.getBoolean("snippet.failOnPurpose"), "failing on purpose: the copy must still be dropped");
        try (Connection c = DriverManager.getConnection(System.getProperty("spring.datasource.url"),
                System.getProperty("spring.datasource.username"), System.getProperty("spring.datasource.password"));
             ResultSet rs = c.createStatement().executeQuery("select count(*) from public.auth_user")) {
            rs.next();
            assertEquals(500, rs.getInt(1));
            System.out.println("CopyIT connected to " + c.getMetaData().getURL());
        }
    }
}
