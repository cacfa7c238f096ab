package io.herdpulse.producer.poll;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import io.herdpulse.producer.vendor.VendorFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of the vendor's API, checked as a whole: a page that is not in the vendor's format is an
 * error to stop on, since guessing at it could skip readings for good. Its readings are not checked
 * here: the job checks every record.
 *
 * @param nextCursor null on a last page that names none ({@code null}, {@code ""} or absent)
 */
record VendorPage(List<JsonNode> readings, String nextCursor, boolean hasMore) {
    /**
     * As the job reads a record: a key twice is no reading, not one with the last value, and so is
     * one past Jackson's default limits (a number of over 1000 digits, nesting over 1000 deep, a
     * string of over 20 M characters).
     */
    private static final ObjectMapper STRICT =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final int SHOWN_CHARS = 200;

    /**
     * A reader of pages of at most {@code maxPageBytes}. Its limits are as large as such a page
     * allows, since nothing in it can be longer than the page: with Jackson's default limits one
     * odd element rejected the whole page, and every run stopped on it for good. So did a {@code
     * NaN} or {@code Infinity}, which the job reads, to reject as out of range.
     */
    static ObjectMapper reader(int maxPageBytes) {
        StreamReadConstraints withinThePage =
                StreamReadConstraints.builder()
                        .maxNumberLength(maxPageBytes)
                        .maxStringLength(maxPageBytes)
                        .maxNameLength(maxPageBytes)
                        .maxNestingDepth(maxPageBytes)
                        .build();
        return new ObjectMapper(
                JsonFactory.builder()
                        .streamReadConstraints(withinThePage)
                        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                        .build());
    }

    /**
     * @param reader from {@link #reader}, for a page no larger than it was made for
     */
    static VendorPage parse(ObjectMapper reader, byte[] body, URI from) {
        Map<String, JsonNode> fields = new HashMap<>();
        List<JsonNode> readings = null;
        try (JsonParser parser = reader.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw bad(from, "not a JSON object", body);
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                if (fields.containsKey(field)) {
                    // Which one the vendor meant is a guess, and a wrong cursor skips readings.
                    throw bad(from, "'" + field + "' twice", body);
                }
                if (field.equals(VendorFormat.DATA) && token == JsonToken.START_ARRAY) {
                    readings = elements(parser, body);
                    fields.put(field, null);
                } else {
                    fields.put(field, parser.readValueAsTree());
                }
            }
        } catch (IOException e) {
            throw bad(
                    from, "not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", body);
        }
        if (readings == null) {
            throw bad(from, "no array '" + VendorFormat.DATA + "'", body);
        }
        JsonNode hasMore = fields.get(VendorFormat.HAS_MORE);
        if (hasMore == null || !hasMore.isBoolean()) {
            throw bad(from, "no true or false '" + VendorFormat.HAS_MORE + "'", body);
        }
        JsonNode next = fields.get(VendorFormat.NEXT_CURSOR);
        boolean noNext = next == null || next.isNull() || next.asText().isEmpty();
        if (noNext && !hasMore.booleanValue()) {
            // The end of the data as many APIs write it: the cursor asked with stays the one
            // to ask with.
            return new VendorPage(readings, null, false);
        }
        if (noNext || !next.isTextual()) {
            throw bad(from, "no text '" + VendorFormat.NEXT_CURSOR + "'", body);
        }
        return new VendorPage(readings, next.textValue(), hasMore.booleanValue());
    }

    /**
     * The elements of {@code data}, the parser at its start. An element that is no reading (null, a
     * number, an object with a key twice or past the job's limits) is still published, as sent, for
     * the job to reject and keep: stopping here would stop the poller on that page for good.
     */
    private static List<JsonNode> elements(JsonParser parser, byte[] body) throws IOException {
        List<JsonNode> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (!parser.currentToken().isStructStart()) {
                elements.add(parser.readValueAsTree());
                continue;
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            byte[] element =
                    Arrays.copyOfRange(body, start, (int) parser.currentLocation().getByteOffset());
            try {
                elements.add(STRICT.readTree(element));
            } catch (IOException noReading) {
                // A key twice or a limit passed: the only faults left in text the page's parser
                // has read through.
                elements.add(
                        JsonNodeFactory.instance.rawValueNode(
                                new RawValue(new String(element, StandardCharsets.UTF_8))));
            }
        }
        return elements;
    }

    private static VendorApiException bad(URI from, String what, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String shown = text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
        return new VendorApiException(
                "bad response from " + from + ": " + what + "; the body began: " + shown);
    }
}
