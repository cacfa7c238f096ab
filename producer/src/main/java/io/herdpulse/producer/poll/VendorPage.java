package io.herdpulse.producer.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.producer.vendor.VendorFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of the vendor's API, checked as a whole: a page that is not in the vendor's format is an
 * error to stop on, since guessing at it could skip readings for good. Its readings are not checked
 * here: the job checks every record.
 */
record VendorPage(List<JsonNode> readings, String nextCursor, boolean hasMore) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_CHARS = 200;

    static VendorPage parse(byte[] body, URI from) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw bad(
                    from, "not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", body);
        }
        if (root == null || !root.isObject()) {
            throw bad(from, "not a JSON object", body);
        }
        JsonNode data = root.get(VendorFormat.DATA);
        if (data == null || !data.isArray()) {
            throw bad(from, "no array '" + VendorFormat.DATA + "'", body);
        }
        // An element that is no reading (null, a number) is still published, for the job to
        // reject and keep: stopping here would stop the poller on that page for good.
        List<JsonNode> readings = new ArrayList<>(data.size());
        data.forEach(readings::add);
        JsonNode next = root.get(VendorFormat.NEXT_CURSOR);
        if (next == null || !next.isTextual() || next.textValue().isEmpty()) {
            throw bad(from, "no text '" + VendorFormat.NEXT_CURSOR + "'", body);
        }
        JsonNode hasMore = root.get(VendorFormat.HAS_MORE);
        if (hasMore == null || !hasMore.isBoolean()) {
            throw bad(from, "no true or false '" + VendorFormat.HAS_MORE + "'", body);
        }
        return new VendorPage(readings, next.textValue(), hasMore.booleanValue());
    }

    private static VendorApiException bad(URI from, String what, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String shown = text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
        return new VendorApiException(
                "bad response from " + from + ": " + what + "; the body began: " + shown);
    }
}
