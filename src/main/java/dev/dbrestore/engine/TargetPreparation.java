package dev.dbrestore.engine;

import dev.dbrestore.archive.PolicyRoles;
import dev.dbrestore.archive.Toc;
import dev.dbrestore.sql.Quote;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the target needs before a dump is applied, whatever the engine: the roles that row-level
 * security policies name (created NOLOGIN), and the {@code heroku_ext} schema that Heroku dumps
 * reference without creating.
 */
public final class TargetPreparation {
    private static final Pattern HEROKU_EXT = Pattern.compile("\\bSCHEMA\\s+heroku_ext\\b", Pattern.CASE_INSENSITIVE);

    private TargetPreparation() {
    }

    /** Roles named by the archive's POLICY entries. */
    public static Set<String> policyRoles(Toc toc) {
        return PolicyRoles.in(toc);
    }

    /** True when the archive creates an extension in heroku_ext but not the schema itself. */
    public static boolean needsHerokuExt(Toc toc) {
        boolean referenced = toc.entries().stream()
                .anyMatch(e -> "EXTENSION".equals(e.desc()) && e.defn() != null && HEROKU_EXT.matcher(e.defn()).find());
        boolean created = toc.entries().stream()
                .anyMatch(e -> "SCHEMA".equals(e.desc()) && "heroku_ext".equals(e.tag()));
        return referenced && !created;
    }

    /** Creates each role of {@code roles} that does not exist yet as NOLOGIN; returns the ones created. */
    public static List<String> createMissingRoles(Connection c, Set<String> roles, Progress progress) {
        List<String> created = new ArrayList<>();
        try {
            for (String role : roles) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                    ps.setString(1, role);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + Quote.ident(role) + " NOLOGIN");
                } catch (SQLException e) {
                    if (!"42710".equals(e.getSQLState())) { // created meanwhile by a concurrent run
                        throw e;
                    }
                }
                created.add(role);
            }
        } catch (SQLException e) {
            throw new Fault("Could not create the roles the dump's policies need (" + roles + "): " + e.getMessage()
                    + ". Create them yourself or set createMissingRoles: false", e);
        }
        if (!created.isEmpty()) {
            progress.info("Created missing role(s) " + String.join(", ", created)
                    + " as NOLOGIN so the dump's row-level security policies restore (createMissingRoles: false turns this off)");
        }
        return created;
    }

    public static void createHerokuExtSchema(Connection c, Progress progress) {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS heroku_ext");
        } catch (SQLException e) {
            throw new Fault("Could not create schema heroku_ext for the dump's extensions: " + e.getMessage(), e);
        }
        progress.info("Created schema heroku_ext: this Heroku dump puts extensions there without creating it");
    }
}
