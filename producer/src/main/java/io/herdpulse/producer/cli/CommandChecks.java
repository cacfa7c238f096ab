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

    /** A bearer token from the environment: absent is none, set but blank is a mistake. */
    String optionalToken(String variable) {
        String token = System.getenv(variable);
        require(
                token == null || !token.isBlank(),
                variable + " is set but empty: unset it, or set a token");
        return token;
    }

    ParameterException fail(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
