package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.testing.FixtureReadme;
import dev.dbrestore.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Temporary: the README parser gives exactly the hand-copied golden values it replaces. */
class ReadmeParityTest {
    @Test
    void pagilaParsedEqualsTheHandCopy() {
        FixtureReadme pagila = FixtureReadme.of(Fixtures.pagila("README.md"));
        assertThat(pagila.checksums()).hasSize(22).containsExactlyInAnyOrderEntriesOf(ReadmeChecksums.PAGILA);
        assertThat(pagila.sequences()).isEmpty();
    }

    @Test
    void acmeParsedEqualsTheOldParserAndTheHandCopiedSequences() {
        FixtureReadme acme = FixtureReadme.of(Fixtures.acme("README.md"));
        Map<String, String> parsed = new LinkedHashMap<>(acme.checksums());
        acme.sequences().forEach((k, v) -> parsed.put("seq " + k, v));
        assertThat(parsed).hasSize(20).containsExactlyEntriesOf(Fixtures.expectedAcme());
        assertThat(acme.sequences()).containsExactly(Map.entry("billing.invoice_number_seq", "900001 true"),
                Map.entry("public.order_ref_seq", "4242 false"));
    }
}
