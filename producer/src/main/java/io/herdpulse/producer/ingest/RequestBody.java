package io.herdpulse.producer.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a request body into its elements, each as the exact bytes the client sent, so that the
 * job's validator judges each one as it would judge a Kafka record with that value.
 *
 * <p>A body is UTF-8 (a byte order mark is skipped, UTF-16 and UTF-32 are refused). One whose first
 * non-blank character is {@code [} is a JSON array; any other body is NDJSON, one element a line
 * (blank lines are skipped). An array's elements only need to be JSON whose end can be found: an
 * element that is not an object, has a duplicate key, bytes that are not UTF-8, an unescaped
 * control character or a number too long for the validator is split out as it is and the validator
 * rejects it like the job does, as it would the same NDJSON line. Only an array whose structure
 * cannot be followed (a syntax error, nesting deeper than the validator takes) is refused whole,
 * naming the element where it broke.
 */
final class RequestBody {
    // The splitter only finds where each element ends; judging it is the validator's business. So
    // it lets through what the validator rejects per element: NaN and Infinity (INVALID_VALUE of
    // their field, as the job does), unescaped control characters and numbers of any length
    // (MALFORMED_JSON). Nesting it follows one level deeper than the validator takes, for the
    // array around the elements: deeper, each level would cost memory for nothing.
    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNumberLength(Integer.MAX_VALUE)
                                    .maxNestingDepth(StreamReadConstraints.DEFAULT_MAX_DEPTH + 1)
                                    .build())
                    .build();

    private RequestBody() {}

    static List<byte[]> elements(byte[] sent, int maxElements) throws RequestRejected {
        byte[] body = utf8(sent);
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        List<byte[]> elements =
                first < body.length && body[first] == '['
                        ? arrayElements(body, maxElements)
                        : lines(body, maxElements);
        if (elements.isEmpty()) {
            throw new RequestRejected(
                    400, "NO_READINGS", "the body holds no readings (a JSON array or NDJSON)");
        }
        return elements;
    }

    /**
     * The body without a UTF-8 byte order mark. A UTF-16 or UTF-32 one is refused: JSON's first two
     * characters are ASCII, so a zero byte among its first two bytes (or a UTF-16 mark) tells them
     * (RFC 4627, section 3). Read as UTF-8 they would come out as garbled elements, and the byte
     * positions of the parser, which cuts elements out, would not be positions in the body.
     */
    private static byte[] utf8(byte[] body) throws RequestRejected {
        if (body.length >= 3
                && body[0] == (byte) 0xEF
                && body[1] == (byte) 0xBB
                && body[2] == (byte) 0xBF) {
            return Arrays.copyOfRange(body, 3, body.length);
        }
        boolean utf16Mark =
                body.length >= 2
                        && (body[0] == (byte) 0xFE && body[1] == (byte) 0xFF
                                || body[0] == (byte) 0xFF && body[1] == (byte) 0xFE);
        if (utf16Mark || body.length >= 2 && (body[0] == 0 || body[1] == 0)) {
            throw new RequestRejected(
                    415,
                    "NOT_UTF8",
                    "the body is UTF-16 or UTF-32; send it as UTF-8, nothing of it was published");
        }
        return body;
    }

    private static List<byte[]> arrayElements(byte[] body, int maxElements) throws RequestRejected {
        List<byte[]> elements = new ArrayList<>();
        // Read as ISO-8859-1 every byte is one character, so no element fails to decode (its bytes
        // go to the validator as sent, which rejects what is not UTF-8) and the parser's character
        // offsets are byte offsets in the body. The structure is ASCII either way.
        try (JsonParser parser =
                JSON.createParser(
                        new InputStreamReader(
                                new ByteArrayInputStream(body), StandardCharsets.ISO_8859_1))) {
            try {
                parser.nextToken(); // the opening [
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == null) {
                        throw malformed("the array is not closed");
                    }
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    if (token.isStructStart()) {
                        parser.skipChildren();
                    } else {
                        // A string is read lazily: without this its end is not known yet.
                        parser.finishToken();
                    }
                    int end = (int) parser.currentLocation().getCharOffset();
                    add(elements, Arrays.copyOfRange(body, start, end), maxElements);
                }
            } catch (JsonProcessingException e) {
                throw malformed("element " + elements.size() + ": " + e.getOriginalMessage());
            }
            if (parser.nextToken() != null) {
                throw malformed("content after the array");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed(e.getMessage());
        }
        return elements;
    }

    private static List<byte[]> lines(byte[] body, int maxElements) throws RequestRejected {
        List<byte[]> elements = new ArrayList<>();
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            int last = end;
            if (last > start && body[last - 1] == '\r') {
                last--;
            }
            if (!blank(body, start, last)) {
                add(elements, Arrays.copyOfRange(body, start, last), maxElements);
            }
            start = end + 1;
        }
        return elements;
    }

    private static void add(List<byte[]> elements, byte[] element, int maxElements)
            throws RequestRejected {
        if (elements.size() == maxElements) {
            throw new RequestRejected(
                    413,
                    "TOO_MANY_READINGS",
                    "more than "
                            + maxElements
                            + " readings in one request; split it, nothing of it was published");
        }
        elements.add(element);
    }

    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    private static RequestRejected malformed(String why) {
        return new RequestRejected(
                400,
                "MALFORMED_JSON",
                "the body starts with [ but is not one JSON array: "
                        + why
                        + "; nothing of it was published");
    }
}
