package io.herdpulse.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a typed fabric8 object holds fields its Kubernetes kind does not have: the model keeps them
 * in additionalProperties instead of failing, so a misspelt field would otherwise pass unnoticed.
 */
final class UnknownFields {
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {}

    static List<String> in(Object object, String path) {
        List<String> found = new ArrayList<>();
        collect(object, path, found);
        return found;
    }

    private static void collect(Object object, String path, List<String> found) {
        if (object instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(value, path + "." + key, found));
            return;
        }
        if (object == null || !object.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Class<?> type = object.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object value;
                try {
                    value = field.get(object);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(key -> found.add(path + "." + key));
                } else {
                    collect(value, path + "." + field.getName(), found);
                }
            }
        }
    }
}
