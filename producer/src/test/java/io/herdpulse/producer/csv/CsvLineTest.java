package io.herdpulse.producer.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvLineTest {
    @Test
    void splitsOnCommasAndTrimsUnquotedFields() {
        assertThat(CsvLine.split("a, b ,,c")).containsExactly("a", "b", "", "c");
    }

    @Test
    void keepsCommasAndDoubledQuotesInsideQuotes() {
        assertThat(CsvLine.split("\"x, y\",\"say \"\"hi\"\"\",z"))
                .containsExactly("x, y", "say \"hi\"", "z");
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        assertThatThrownBy(() -> CsvLine.split("a,\"b")).hasMessage("a quoted field is not closed");
    }

    @Test
    void aFieldMixingQuotedAndUnquotedTextIsAnErrorNotAnotherValue() {
        // Read as before, cow "7" became the id of another cow: 7.
        assertThatThrownBy(() -> CsvLine.split("farm-1,cow \"7\",x"))
                .hasMessage("a quote inside an unquoted field");
        assertThatThrownBy(() -> CsvLine.split("farm-1,\"cow\" 7,x"))
                .hasMessage("text after a quoted field");
        assertThat(CsvLine.split(" \"a, b\" ,c")).containsExactly("a, b", "c");
    }

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertThat(CsvLine.quote("plain")).isEqualTo("plain");
        assertThat(CsvLine.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvLine.split(CsvLine.quote("say \"a,b\""))).containsExactly("say \"a,b\"");
    }
}
