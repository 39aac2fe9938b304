package dev.dbrestore.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README parser finds every golden value of both fixture folders, and refuses a table it cannot read. */
class FixtureReadmeTest {
    @Test
    void pagilaHasItsTwentyTwoTablesAndThePartitionsAddUpToPayment() {
        Map<String, String> pagila = Fixtures.expectedPagila();
        assertThat(pagila).hasSize(22)
                .containsEntry("public.actor", "200 fe2fae351f84dfdb05de2cdbc099773b")
                .containsEntry("public.store", "500 603203726c3f82a8c527483bd924f8d6");
        long partitions = pagila.entrySet().stream().filter(e -> e.getKey().startsWith("public.payment_p"))
                .mapToLong(e -> rows(e.getValue())).sum();
        assertThat(partitions).isEqualTo(rows(pagila.get("public.payment"))).isEqualTo(16049);
        // README: "Total: 49,636 rows in the 21 plain tables"
        assertThat(pagila.entrySet().stream().filter(e -> !e.getKey().equals("public.payment"))
                .mapToLong(e -> rows(e.getValue())).sum()).isEqualTo(49_636);
        assertThat(FixtureReadme.of(Fixtures.pagila("README.md")).sequences()).isEmpty();
    }

    @Test
    void acmeHasItsObjectsUnderChecksumsSqlNamesAndTheTwoSequences() {
        Map<String, String> acme = Fixtures.expectedAcme();
        assertThat(acme).hasSize(20)
                .containsEntry("billing.refund", "0 d41d8cd98f00b204e9800998ecf8427e")
                .containsEntry("public.Order Items", "1500 a1b2e251fbe8217b98a5a9c022fb47c1")
                .containsEntry("large objects", "3 e4d2a4d7c821a17f3c7abf4ca116d2c6")
                .containsEntry("public.event_log", "400 a3ea70ccc9c66ca5519f8c8e0d658141")
                .containsEntry("seq billing.invoice_number_seq", "900001 true")
                .containsEntry("seq public.order_ref_seq", "4242 false");
        assertThat(rows(acme.get("public.event_log_2024")) + rows(acme.get("public.event_log_2025")))
                .isEqualTo(rows(acme.get("public.event_log")));
    }

    @Test
    void aMalformedChecksumRowFailsInsteadOfBeingSkipped(@TempDir Path dir) throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), """
                | table | rows | md5 |
                |---|---:|---|
                | `a.b` | 12 | `0123456789abcdef0123456789abcdef` |
                | `a.c` | twelve | `0123456789abcdef0123456789abcdef` |
                """);
        assertThatThrownBy(() -> FixtureReadme.of(readme)).hasMessageContaining("a.c");
    }

    @Test
    void aReadmeWithoutAChecksumTableFails(@TempDir Path dir) throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), """
                | file | size |
                |---|---|
                | x.dump | 12 |
                """);
        assertThatThrownBy(() -> FixtureReadme.of(readme)).hasMessageContaining("no table");
    }

    private static long rows(String rowsAndMd5) {
        return Long.parseLong(rowsAndMd5.split(" ")[0]);
    }
}
