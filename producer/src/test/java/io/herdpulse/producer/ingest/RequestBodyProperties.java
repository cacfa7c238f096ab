package io.herdpulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Splitting a body gives back exactly the elements the client wrote, byte for byte, as an array
 * (whatever the whitespace between them) or as NDJSON (whatever blank lines and line ends).
 */
class RequestBodyProperties {

    @Provide
    Arbitrary<String> element() {
        Arbitrary<String> text =
                Arbitraries.strings().withChars("abcXYZ019 -_:é\\\"").ofMaxLength(12);
        Arbitrary<String> scalar =
                Arbitraries.oneOf(
                        Arbitraries.integers().map(String::valueOf),
                        Arbitraries.doubles().map(String::valueOf),
                        text.map(t -> "\"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                        Arbitraries.of("true", "false", "null", "NaN"));
        Arbitrary<String> object =
                scalar.list()
                        .ofMaxSize(4)
                        .map(
                                values -> {
                                    StringBuilder json = new StringBuilder("{");
                                    for (int i = 0; i < values.size(); i++) {
                                        json.append(i == 0 ? "" : ",")
                                                .append("\"f")
                                                .append(i)
                                                .append("\":")
                                                .append(values.get(i));
                                    }
                                    return json.append("}").toString();
                                });
        Arbitrary<String> nested =
                scalar.list().ofMaxSize(3).map(v -> "[" + String.join(",", v) + "]");
        return Arbitraries.oneOf(object, object, scalar, nested);
    }

    @Provide
    Arbitrary<String> gap() {
        return Arbitraries.of("", " ", "\n", "\r\n  ", "\t");
    }

    @Property(tries = 300)
    void anArrayIsSplitIntoItsElementsExactly(
            @ForAll @Size(min = 1, max = 20) List<@From("element") String> elements,
            @ForAll("gap") String gap)
            throws RequestRejected {
        String body = gap + "[" + gap + String.join(gap + "," + gap, elements) + gap + "]" + gap;

        List<byte[]> split =
                RequestBody.elements(body.getBytes(StandardCharsets.UTF_8), elements.size());

        assertThat(split)
                .extracting(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(elements);
    }

    @Property(tries = 300)
    void ndjsonIsSplitIntoItsNonBlankLinesExactly(
            @ForAll @Size(min = 1, max = 20) List<@From("element") String> elements,
            @ForAll boolean crlf,
            @ForAll boolean blankLines) {
        String end = crlf ? "\r\n" : "\n";
        String separator = blankLines ? end + "  " + end : end;
        // A first element starting with [ would make the body an array: NDJSON lines are objects.
        List<String> lines = elements.stream().map(e -> e.startsWith("[") ? "{}" : e).toList();
        String body = String.join(separator, lines) + end;

        List<byte[]> split;
        try {
            split = RequestBody.elements(body.getBytes(StandardCharsets.UTF_8), lines.size());
        } catch (RequestRejected e) {
            throw new AssertionError(e.getMessage(), e);
        }

        assertThat(split)
                .extracting(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(lines);
    }

    @Property(tries = 100)
    void aByteOrderMarkIsSkippedAndUtf16OrUtf32IsRefusedWhole(
            @ForAll @Size(min = 1, max = 8) List<@From("element") String> elements,
            @ForAll("wideEncodings") Charset wide)
            throws RequestRejected {
        String body = "[" + String.join(",", elements) + "]";
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        byte[] marked = new byte[utf8.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, marked, 3, utf8.length);

        assertThat(RequestBody.elements(marked, 100))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .containsExactlyElementsOf(elements);
        for (byte[] sent : List.of(body.getBytes(wide), ("\uFEFF" + body).getBytes(wide))) {
            try {
                RequestBody.elements(sent, 100);
                throw new AssertionError("accepted " + wide);
            } catch (RequestRejected e) {
                assertThat(e.status).isEqualTo(415);
                assertThat(e.error).isEqualTo("NOT_UTF8");
            }
        }
    }

    @Provide
    Arbitrary<Charset> wideEncodings() {
        return Arbitraries.of(
                StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE,
                Charset.forName("UTF-32LE"),
                Charset.forName("UTF-32BE"));
    }

    @Property(tries = 100)
    void oneElementTooManyRefusesTheWholeBody(
            @ForAll @Size(min = 2, max = 20) List<@From("element") String> elements) {
        String body = "[" + String.join(",", elements) + "]";
        try {
            RequestBody.elements(body.getBytes(StandardCharsets.UTF_8), elements.size() - 1);
            throw new AssertionError("accepted " + elements.size() + " elements");
        } catch (RequestRejected e) {
            assertThat(e.status).isEqualTo(413);
            assertThat(e.error).isEqualTo("TOO_MANY_READINGS");
        }
    }
}
