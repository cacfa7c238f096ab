package io.herdpulse.producer.simulate;

/** Told when an episode starts to shape an animal's readings. */
@FunctionalInterface
public interface EpisodeListener {
    void started(Animal animal, Episode episode);
}
