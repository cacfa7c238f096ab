package io.herdpulse.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the {@code details} JSON of an alert; numbers are rounded to what a sensor resolves. */
public final class Details {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Details() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Three decimals: a bolus resolves 0.01 °C or 0.01 pH, and ratios need no more. */
    public static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
