package io.herdpulse.job.config;

import io.herdpulse.alerts.AlertThresholds;
import java.util.ResourceBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The alert rules' thresholds as options of the job's command line ({@code @Mixin}): one option per
 * component of {@link AlertThresholds} and of each rule's thresholds record ({@link RecordOptions}:
 * {@code feverC} is {@code --fever-c}), starting at the default that record states, with the
 * meaning given in {@code AlertOptions.properties} beside this class. Durations are ISO-8601
 * ({@code PT10M}, {@code P7D}). A rule's new threshold is a component of its record and a line of
 * that file; nothing here changes.
 */
@Command(modelTransformer = AlertOptions.AddOptions.class)
public class AlertOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    /**
     * The options as one validated object; an inconsistent combination is a one-line usage error.
     */
    public AlertThresholds toThresholds() {
        try {
            return RecordOptions.read(AlertThresholds.class, mixee);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    mixee.commandLine(), "Invalid alert options: " + e.getMessage());
        }
    }

    /**
     * Adds the options to the command that mixes {@link AlertOptions} in: picocli applies a mixin's
     * model transformer to that command once it is built from its annotations.
     */
    public static final class AddOptions implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            RecordOptions.add(
                    command,
                    AlertThresholds.defaults(),
                    ResourceBundle.getBundle(AlertOptions.class.getName()));
            return command;
        }
    }
}
