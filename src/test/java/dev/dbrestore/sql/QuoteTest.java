package dev.dbrestore.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuoteTest {

    @Test
    void quotesIdentifiersAndLiterals() {
        assertThat(Quote.ident("Order \"Items\"")).isEqualTo("\"Order \"\"Items\"\"\"");
        assertThat(Quote.literal("it's")).isEqualTo("'it''s'");
        assertThatThrownBy(() -> Quote.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPortableLiteralEscapesBackslashesOnlyWhenThereAreAny() {
        assertThat(Quote.portableLiteral("it's")).isEqualTo("'it''s'");
        assertThat(Quote.portableLiteral("a\\b'")).isEqualTo("E'a\\\\b'''");
    }

    @Test
    void theNameAWrittenIdentifierStandsFor() {
        assertThat(Quote.identifierName("\"Order \"\"Items\"\"\"")).isEqualTo("Order \"Items\"");
        assertThat(Quote.identifierName("Billing")).isEqualTo("billing");
        assertThat(Quote.identifierName(Quote.ident("MixedCase"))).isEqualTo("MixedCase");
    }
}
