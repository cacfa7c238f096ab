package io.herdpulse.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/** Flink's own options: the ConfigOption constants of its *Options classes. */
final class FlinkOptions {
    private FlinkOptions() {}

    /** Every ConfigOption constant of the given classes. */
    static List<ConfigOption<?>> of(Class<?>... holders) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> holder : holders) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && ConfigOption.class.isAssignableFrom(field.getType())) {
                    try {
                        options.add((ConfigOption<?>) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return options;
    }

    /** The keys of those options, old ones included. */
    static Set<String> keys(Class<?>... holders) {
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> option : of(holders)) {
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                keys.add(fallback.getKey());
            }
        }
        return keys;
    }
}
