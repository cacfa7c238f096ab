package io.herdpulse.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;

/**
 * The hand-written checks accept exactly what the contract's definitions accept: {@link
 * Instant#parse} for timestamps ending in {@code Z}, the regular expressions for ids and UUIDs.
 */
class TextShapesPropertyTest {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern UUID =
            Pattern.compile(
                    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static Instant parsedOrNull(String text) {
        if (!text.endsWith("Z")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<String> wellFormedTimestamps() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 9999),
                        Arbitraries.integers().between(0, 13),
                        Arbitraries.integers().between(0, 32),
                        Arbitraries.integers().between(0, 24),
                        Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(0, 60),
                        Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(10))
                .as(
                        (year, month, day, hour, minute, second, fraction) ->
                                "%04d-%02d-%02dT%02d:%02d:%02d%sZ"
                                        .formatted(
                                                year,
                                                month,
                                                day,
                                                hour,
                                                minute,
                                                second,
                                                fraction.isEmpty() ? "" : "." + fraction));
    }

    @Property(tries = 2000)
    void readsAWellFormedTimestampAsInstantParseDoes(@ForAll("wellFormedTimestamps") String text) {
        assertThat(TextShapes.utcInstant(text)).isEqualTo(parsedOrNull(text));
    }

    @Property(tries = 2000)
    void readsAnyTextAsInstantParseDoes(@ForAll("anyTimestampLike") String text) {
        assertThat(TextShapes.utcInstant(text)).isEqualTo(parsedOrNull(text));
    }

    @Provide
    Arbitrary<String> anyTimestampLike() {
        Arbitrary<String> text =
                Arbitraries.strings()
                        .withChars("0123456789-:.TZtz+ ٣")
                        .ofMinLength(0)
                        .ofMaxLength(32);
        return Arbitraries.oneOf(text, text.map(tail -> "2026-03-01T10:20:00" + tail));
    }

    @Property(tries = 2000)
    void anIdIsWhatItsPatternSays(@ForAll("idLike") String text) {
        assertThat(TextShapes.isId(text)).isEqualTo(ID.matcher(text).matches());
    }

    @Provide
    Arbitrary<String> idLike() {
        return Arbitraries.strings()
                .withChars("aZ09_-.é٣ /")
                .withCharRange('a', 'z')
                .ofMinLength(0)
                .ofMaxLength(70);
    }

    @Property(tries = 2000)
    void aUuidIsWhatItsPatternSays(@ForAll("uuidLike") String text) {
        assertThat(TextShapes.isUuid(text)).isEqualTo(UUID.matcher(text).matches());
    }

    @Provide
    Arbitrary<String> uuidLike() {
        StringArbitrary hex = Arbitraries.strings().withChars("0123456789abcdefABCDEFgG٣-");
        return Combinators.combine(
                        hex.ofLength(8),
                        hex.ofLength(4),
                        hex.ofLength(4),
                        hex.ofLength(4),
                        hex.ofMinLength(11).ofMaxLength(13),
                        Arbitraries.of("-", "_"))
                .as((a, b, c, d, e, sep) -> a + sep + b + "-" + c + "-" + d + "-" + e);
    }
}
