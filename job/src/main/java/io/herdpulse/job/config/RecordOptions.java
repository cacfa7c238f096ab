package io.herdpulse.job.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.ResourceBundle;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command-line options for the components of an immutable settings record, the records it holds
 * flattened into one list. Each option is named after its component ({@code feverC} is {@code
 * --fever-c}) and starts at the component's value in the record of defaults, so the record that
 * owns a default is the only place it is stated; the descriptions come from a resource bundle keyed
 * by the option's name without dashes.
 */
final class RecordOptions {
    private RecordOptions() {}

    /** Adds an option per component of {@code defaults}, and of the records it holds. */
    static void add(CommandSpec command, Record defaults, ResourceBundle descriptions) {
        for (RecordComponent component : defaults.getClass().getRecordComponents()) {
            Object value = valueOf(component, defaults);
            if (value instanceof Record nested) {
                add(command, nested, descriptions);
            } else {
                String name = optionName(component);
                command.addOption(
                        OptionSpec.builder(name)
                                .type(component.getType())
                                .paramLabel("<" + component.getName() + ">")
                                .initialValue(value)
                                .hasInitialValue(true)
                                .description(
                                        descriptions.getString(name.substring(2))
                                                + " (default: ${DEFAULT-VALUE})")
                                .build());
            }
        }
    }

    /**
     * The record of {@code type} built from the options' values. An {@link
     * IllegalArgumentException} of its constructor (an inconsistent combination) passes through.
     */
    static <R extends Record> R read(Class<R> type, CommandSpec command) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] =
                    types[i].isRecord()
                            ? read(types[i].asSubclass(Record.class), command)
                            : command.findOption(optionName(components[i])).getValue();
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException invalid) {
                throw invalid;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    /** {@code --} and the component's name in kebab case. */
    static String optionName(RecordComponent component) {
        return "--" + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
