package dev.dbrestore.app;

import dev.dbrestore.sanitize.RuleFinding;
import dev.dbrestore.support.UserError;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code validate} found for one profile.
 *
 * @param schema   where the tables and columns came from: the TOC of a backup, or a database
 * @param tables   how many tables that schema has
 * @param findings one per problem, empty when the profile passed
 */
public record ValidateResult(String profile, String schema, int tables, List<RuleFinding> findings) {

    /** What {@code validate -Ddbrestore.output=json} prints (README "JSON output"). */
    public record Document(String schema, String profile, String checkedAgainst, int tables, boolean passed,
                           List<RuleFinding> findings) {
        public static final String SCHEMA = "dbrestore/validate/v1";
    }

    public Document document() {
        return new Document(Document.SCHEMA, profile, schema, tables, passed(), findings);
    }

    public boolean passed() {
        return findings.isEmpty();
    }

    /** Fails the build with one line per finding (a user error: the YAML, the files or the schema must change). */
    public void requirePassed() {
        if (!passed()) {
            throw new UserError("dbrestore:validate found " + findings.size() + " problem(s) in profile '" + profile
                    + "' checked against " + schema + ":\n  "
                    + findings.stream().map(RuleFinding::line).collect(Collectors.joining("\n  ")));
        }
    }
}
