package dev.dbrestore.sanitize;

import dev.dbrestore.config.MaskRule;
import dev.dbrestore.config.MaskRule.Strategy;
import dev.dbrestore.config.Profile;
import dev.dbrestore.config.Settings;
import dev.dbrestore.sanitize.SchemaCatalog.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts: value shapes, personal-looking names, identifiers, the sanitize hash, the scramble map. */
class SmallPartsTest {

    @Test
    void valuesAreRedactedToTheirShape() {
        assertThat(ValueShape.of("john@gmail.com")).isEqualTo("j***@g****.com");
        assertThat(ValueShape.of("User.30@Example.COM")).isEqualTo("U***.##@E******.COM");
        assertThat(ValueShape.of("+1 555-0123")).isEqualTo("+# ###-####");
        assertThat(ValueShape.of("José Núñez")).isEqualTo("J*** N****");
        assertThat(ValueShape.of("山田太郎")).isEqualTo("山***");
        assertThat(ValueShape.of(4111111111111111L)).isEqualTo("################");
        assertThat(ValueShape.of(null)).isEqualTo("NULL");
        assertThat(ValueShape.of(true)).isEqualTo("true");
        assertThat(ValueShape.of("a".repeat(100))).hasSize(41).endsWith("…");
    }

    private static Column column(String name, char category) {
        return new Column(name, "text", category == 'S' ? "text" : "x", category, ' ', false, false, false, 0);
    }

    @Test
    void personalLookingColumnNames() {
        for (String name : List.of("email", "E_Mail", "contactEmail", "phone_number", "mobile", "first_name", "lastName",
                "FullName", "username", "address1", "billing_address", "street", "zip_code", "postcode", "city", "ssn",
                "card_number", "iban", "birth_date", "dob", "ip_address", "last_login_ip", "reset_token", "password",
                "api_key", "client_secret")) {
            assertThat(PersonalNames.reason("t", column(name, 'S'))).as(name).isPresent();
        }
        for (String name : List.of("table_name", "filename", "file_name", "description", "zipped", "shipping_method",
                "status", "created_at", "kind", "payload", "tokens_used", "typename", "skip")) {
            assertThat(PersonalNames.reason("t", column(name, 'S'))).as(name).isEmpty();
        }
        assertThat(PersonalNames.reason("newsletter_subscriber", column("name", 'S'))).isPresent();
        assertThat(PersonalNames.reason("document", column("name", 'S'))).isEmpty();
        assertThat(PersonalNames.reason("t", column("email_verified", 'B'))).isEmpty();
        assertThat(PersonalNames.reason("t", column("phone", 'N'))).isPresent();
        assertThat(PersonalNames.reason("t", column("email_count", 'N'))).isEmpty();
        assertThat(PersonalNames.reason("t", column("date_of_birth", 'D'))).isPresent();
        assertThat(PersonalNames.reason("t", column("password_changed_at", 'D'))).isEmpty();
        assertThat(PersonalNames.split("billingAddress2")).containsExactly("billing", "address", "2");
    }

    @Test
    void writtenTableNames() {
        assertThat(Identifiers.parse("billing.invoice")).containsExactly(new Identifiers.Part("billing", false), new Identifiers.Part("invoice", false));
        assertThat(Identifiers.parse("\"My.Schema\".\"Order \"\"Items\"\"\"")).containsExactly(
                new Identifiers.Part("My.Schema", true), new Identifiers.Part("Order \"Items\"", true));
        assertThat(Identifiers.parse("Order Items")).containsExactly(new Identifiers.Part("Order Items", false));
        assertThat(Identifiers.display("public", "Order Items")).isEqualTo("public.\"Order Items\"");
        assertThat(Identifiers.literal("it's")).isEqualTo("'it''s'");
        assertThat(Identifiers.literal("a\\b'")).isEqualTo("E'a\\\\b'''");
    }

    @Test
    void scrambleIsKeyedPerValueSoOneKnownPairRevealsNoOther() {
        Pseudonyms one = new Pseudonyms("salt one");
        assertThat(one.scramble("Alice")).isEqualTo(one.scramble("Alice")).isNotEqualTo(new Pseudonyms("salt two").scramble("Alice"))
                .hasSize(5).matches("[A-Z][a-z]{4}");
        // the old substitution mapped each letter the same way in every value: knowing Alice -> X revealed "Alic" in Alicia
        String alice = one.scramble("Alice");
        String alicia = one.scramble("Alicia");
        int samePlaces = 0;
        for (int i = 0; i < 4; i++) {
            samePlaces += alice.charAt(i) == alicia.charAt(i) ? 1 : 0;
        }
        assertThat(samePlaces).isLessThan(4);
        assertThat(one.scramble("Ünal 42-x")).matches("x[a-z]{3} [0-9]{2}-[a-z]");
    }

    @Test
    void theSanitizeHashChangesWithFileContentsRulesAndVerifyQueries(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.sql"), "UPDATE t SET x = 1;");
        MaskRule rule = new MaskRule("t", List.of(new Strategy("x", Strategy.Kind.HASH)), null, MaskRule.TableAction.UPDATE);
        Profile base = Profiles.profile(List.of("a.sql"), List.of(rule), List.of("select 1"), Map.of());
        String hash = new Sanitizer().hash(base, Settings.empty(), dir);
        assertThat(hash).hasSize(64).isEqualTo(new Sanitizer().hash(base, Settings.empty(), dir));

        assertThat(new Sanitizer().hash(Profiles.profile(List.of("a.sql"), List.of(rule), List.of("select 2"), Map.of()), Settings.empty(), dir)).isNotEqualTo(hash);
        assertThat(new Sanitizer().hash(Profiles.profile(List.of("a.sql"), List.of(new MaskRule("t",
                List.of(new Strategy("x", Strategy.Kind.SCRAMBLE)), null, MaskRule.TableAction.UPDATE)), List.of("select 1"), Map.of()), Settings.empty(), dir)).isNotEqualTo(hash);
        Settings salted = new Settings(null, null, null, null, null, null, null, null, null, null, null, null, "pepper", null);
        assertThat(new Sanitizer().hash(base, salted, dir)).isNotEqualTo(hash).doesNotContain("pepper");
        Files.writeString(dir.resolve("a.sql"), "UPDATE t SET x = 2;");
        assertThat(new Sanitizer().hash(base, Settings.empty(), dir)).isNotEqualTo(hash);
    }
}
