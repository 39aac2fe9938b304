package dev.dbrestore.sanitize;

import dev.dbrestore.sanitize.StatementEffects.ColumnName;
import dev.dbrestore.sanitize.StatementEffects.TableName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which statements assign, empty or drop what: the strict PII check's notion of coverage. */
class StatementEffectsTest {
    private static final TableName USER = new TableName(null, "auth_user");

    @Test
    void aSelectOrAWhereMentionsAColumnButDoesNotAssignIt() {
        StatementEffects select = StatementEffects.of("SELECT email FROM auth_user");
        assertThat(select.assigned()).isEmpty();
        assertThat(select.emptied()).isEmpty();
        assertThat(select.mentioned()).contains("email", "auth_user");

        StatementEffects where = StatementEffects.of("UPDATE auth_user SET is_staff = false WHERE email LIKE '%@acme.test'");
        assertThat(where.assigned()).containsExactly(new ColumnName(USER, "is_staff"));
    }

    @Test
    void anUpdateAssignsEachColumnOfItsSetList() {
        StatementEffects update = StatementEffects.of("""
                UPDATE ONLY public."Auth User" AS u SET
                    first_name = translate(first_name, 'ab', 'ba'), "Email" = 'u' || (SELECT count(*) FROM x WHERE y = 1),
                    (phone, address) = (NULL, coalesce(a, b)), last_name = CASE WHEN id = 1 THEN 'x' ELSE 'y' END
                FROM other o WHERE o.id = u.id RETURNING email""");
        TableName table = new TableName("public", "Auth User");
        assertThat(update.assigned()).containsExactly(new ColumnName(table, "first_name"), new ColumnName(table, "Email"),
                new ColumnName(table, "phone"), new ColumnName(table, "address"), new ColumnName(table, "last_name"));
    }

    @Test
    void anUpdateInsideACteCountsAndOnConflictOrForUpdateDoNot() {
        assertThat(StatementEffects.of("WITH x AS (UPDATE auth_user SET email = 'a' RETURNING id) SELECT * FROM x").assigned())
                .containsExactly(new ColumnName(USER, "email"));
        assertThat(StatementEffects.of("INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET email = 'x'").assigned()).isEmpty();
        assertThat(StatementEffects.of("SELECT * FROM auth_user FOR UPDATE").assigned()).isEmpty();
        assertThat(StatementEffects.of("CREATE TRIGGER t BEFORE UPDATE ON auth_user FOR EACH ROW EXECUTE FUNCTION f()").assigned()).isEmpty();
        // a string that looks like an UPDATE is a string
        assertThat(StatementEffects.of("SELECT 'UPDATE auth_user SET email = 1' -- UPDATE auth_user SET phone = 2").assigned()).isEmpty();
    }

    @Test
    void truncateDeleteWithoutWhereAndDropEmptyTheirTables() {
        StatementEffects truncate = StatementEffects.of("TRUNCATE TABLE ONLY django_session, billing.\"Cache\" RESTART IDENTITY CASCADE");
        assertThat(truncate.emptied()).containsExactly(new TableName(null, "django_session"), new TableName("billing", "Cache"));
        assertThat(truncate.cascade()).hasSize(2);
        assertThat(StatementEffects.of("TRUNCATE django_session").cascade()).isEmpty();

        assertThat(StatementEffects.of("DELETE FROM auth_user").emptied()).containsExactly(USER);
        assertThat(StatementEffects.of("DELETE FROM auth_user WHERE is_staff").emptied()).isEmpty();
        assertThat(StatementEffects.of("DELETE FROM auth_user USING x WHERE x.id = auth_user.id").emptied()).isEmpty();
        assertThat(StatementEffects.of("DROP TABLE IF EXISTS auth_user, public.django_cache CASCADE").emptied())
                .containsExactly(USER, new TableName("public", "django_cache"));
    }

    @Test
    void alterTableDropColumnDropsTheColumnOtherDropsDoNot() {
        StatementEffects alter = StatementEffects.of("ALTER TABLE IF EXISTS ONLY auth_user DROP COLUMN IF EXISTS phone, "
                + "DROP email, DROP CONSTRAINT auth_user_pk, ALTER COLUMN username DROP DEFAULT, ALTER COLUMN x DROP NOT NULL");
        assertThat(alter.dropped()).containsExactly(new ColumnName(USER, "phone"), new ColumnName(USER, "email"));
    }
}
