package io.herdpulse.stack;

import java.util.List;

/**
 * Where the stack's readings come from: {@code bin/herdpulse up --source NAME}. Each source is the
 * components that make it; {@code up} starts those of its source and none of the others.
 */
public enum ReadingSource {
    /** The herd simulator writes to Kafka directly. */
    SIMULATOR(List.of("simulator")),
    /** The simulated herd behind a fake vendor API, and the poller pulling it into Kafka. */
    API(List.of("fake-api", "poller")),
    /** No readings: for replays and tests ({@code --no-simulator}). */
    NONE(List.of());

    private final List<String> components;

    ReadingSource(List<String> components) {
        this.components = components;
    }

    /** Whether {@code component} is one that makes this source. */
    public boolean owns(String component) {
        return components.contains(component);
    }

    /** Whether {@code component} is part of some source other than this one. */
    public boolean excludes(String component) {
        for (ReadingSource source : values()) {
            if (source != this && source.components.contains(component)) {
                return !components.contains(component);
            }
        }
        return false;
    }
}
