package io.herdpulse.producer.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns a failed check of the options into picocli's one-line usage error. */
record CommandChecks(CommandSpec spec) {
    void require(boolean condition, String message) {
        if (!condition) {
            throw fail(message);
        }
    }

    ParameterException fail(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
