package dev.dbrestore.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    @Test
    void signedUrlQueryStringsAndUrlPasswordsAreRemoved() {
        String text = "GET https://bucket.s3.amazonaws.com/b042.dump?X-Amz-Signature=abc123&X-Amz-Credential=AKIA failed; "
                + "target postgres://ann:hunter2@db:5432/x";
        String redacted = Redactor.redact(text);
        assertThat(redacted).contains("https://bucket.s3.amazonaws.com/b042.dump?****")
                .contains("postgres://ann:****@db:5432/x")
                .doesNotContain("abc123").doesNotContain("AKIA").doesNotContain("hunter2");
    }

    @Test
    void punctuationAfterASignedUrlSurvives() {
        assertThat(Redactor.redact("Download of https://h/b.dump?sig=s3cr3t: connection reset (at https://h/x?a=b).")
                ).isEqualTo("Download of https://h/b.dump?****: connection reset (at https://h/x?****).");
        assertThat(Redactor.redact("see https://h/b.dump?sig=a.b,c")).isEqualTo("see https://h/b.dump?****");
    }

    @Test
    void registeredSecretsAreReplacedEverywhere() {
        Redactor.registerSecret("heroku-api-key-0123456789");
        assertThat(Redactor.redact("Authorization: Bearer heroku-api-key-0123456789"))
                .isEqualTo("Authorization: Bearer ****");
    }

    @Test
    void uuidApiKeysAreNeverSplitIntoShortSecrets() {
        Redactor.registerSecret("abc");
        assertThat(Redactor.redact("abc is too short to be a secret")).isEqualTo("abc is too short to be a secret");
    }

    /**
     * A password that is an ordinary word (the example is {@code postgres}; another word
     * here, because the registry is global to the JVM and other tests print "postgres").
     */
    @Test
    void aSecretIsRedactedAsAWholeTokenOnly() {
        Redactor.registerSecret("lighthouse");
        assertThat(Redactor.redact("Target: acme_lighthouse_prod on ann@db:5432"))
                .isEqualTo("Target: acme_lighthouse_prod on ann@db:5432");
        assertThat(Redactor.redact("Backup: a.dump from file:/home/me/lighthouse-dumps/a.dump"))
                .isEqualTo("Backup: a.dump from file:/home/me/lighthouse-dumps/a.dump");
        assertThat(Redactor.redact("lighthouse2 xlighthouse lighthouse_1 -lighthouse"))
                .isEqualTo("lighthouse2 xlighthouse lighthouse_1 -lighthouse");
        assertThat(Redactor.redact("host=db password=lighthouse user=ann")).isEqualTo("host=db password=**** user=ann");
        assertThat(Redactor.redact("ann:lighthouse@db")).isEqualTo("ann:****@db");
        assertThat(Redactor.redact("lighthouse")).isEqualTo("****");
        assertThat(Redactor.redact("{\"pw\": \"lighthouse\"}, (lighthouse). lighthouse/x"))
                .isEqualTo("{\"pw\": \"****\"}, (****). ****/x");
    }

    @Test
    void aSecretThatIsAUrlSchemeLeavesTheSchemeAlone() {
        Redactor.registerSecret("tidewater");
        assertThat(Redactor.redact("tidewater://host/x and tidewater")).isEqualTo("tidewater://host/x and ****");
    }

    @Test
    void theLongestSecretWinsWhenOneContainsAnother() {
        Redactor.registerSecret("key-0123");
        Redactor.registerSecret("key-0123-abcd");
        assertThat(Redactor.redact("a key-0123-abcd b key-0123 c")).isEqualTo("a **** b **** c");
    }
}
