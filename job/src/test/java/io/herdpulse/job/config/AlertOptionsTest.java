package io.herdpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.alerts.AlertThresholds;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

class AlertOptionsTest {

    /** A command with nothing but the mixin, as the job's command includes it. */
    @CommandLine.Command(name = "test")
    static final class Cli {
        @Mixin AlertOptions alerts = new AlertOptions();
    }

    static AlertThresholds parse(String... args) {
        Cli cli = new Cli();
        new CommandLine(cli).parseArgs(args);
        return cli.alerts.toThresholds();
    }

    @Test
    void withoutOptionsTheThresholdsAreDesignDefaults() {
        AlertThresholds parsed = parse();

        assertThat(parsed).isEqualTo(AlertThresholds.defaults());
        // DESIGN.md's alert table, read by a person, not by the code under test.
        assertThat(parsed.temperature().feverC()).isEqualTo(39.7);
        assertThat(parsed.temperature().feverEndC()).isEqualTo(39.5);
        assertThat(parsed.temperature().hypothermiaC()).isEqualTo(37.5);
        assertThat(parsed.temperature().hypothermiaEndC()).isEqualTo(38.0);
        assertThat(parsed.temperature().consecutiveReadings()).isEqualTo(3);
        assertThat(parsed.temperature().drinkingDropC()).isEqualTo(2.0);
        assertThat(parsed.temperature().drinkingRecoveryC()).isEqualTo(1.0);
        assertThat(parsed.temperature().drinkingMedianReadings()).isEqualTo(6);
        assertThat(parsed.baseline().lowRuminationRatio()).isEqualTo(0.6);
        assertThat(parsed.baseline().lowRuminationEndRatio()).isEqualTo(0.8);
        assertThat(parsed.baseline().ruminationSpan()).isEqualTo(Duration.ofHours(24));
        assertThat(parsed.baseline().highActivityRatio()).isEqualTo(2.5);
        assertThat(parsed.baseline().highActivityEndRatio()).isEqualTo(1.5);
        assertThat(parsed.baseline().activitySpan()).isEqualTo(Duration.ofHours(2));
        assertThat(parsed.baseline().baselineDays()).isEqualTo(7);
        assertThat(parsed.baseline().minHistoryDays()).isEqualTo(3);
        assertThat(parsed.ph().lowPh()).isEqualTo(5.8);
        assertThat(parsed.ph().lowPhDuration()).isEqualTo(Duration.ofHours(3));
        assertThat(parsed.ph().lowPhEndDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(parsed.ph().lowPhWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(parsed.ph().phInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(parsed.silentSpan()).isEqualTo(Duration.ofMinutes(30));
        // The rules' own constants before they became options (docs/alerts.md).
        assertThat(parsed.temperature().medianSpreadC()).isEqualTo(0.5);
        assertThat(parsed.temperature().levellingRiseC()).isEqualTo(0.15);
        assertThat(parsed.temperature().steadyC()).isEqualTo(0.15);
        assertThat(parsed.temperature().gapIntervals()).isEqualTo(1.5);
        assertThat(parsed.baseline().minCoverage()).isEqualTo(0.5);
        assertThat(parsed.alertStateTtl()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theOptionNamesAreTheContractsAndTheRulesConstantsAreOptionsToo() {
        // Named after the records' components: a renamed component must not rename an option.
        List<String> names =
                new CommandLine(new Cli())
                        .getCommandSpec().options().stream().map(OptionSpec::longestName).toList();

        assertThat(names)
                .containsExactlyInAnyOrder(
                        "--sensor-interval",
                        "--alert-state-ttl",
                        "--fever-c",
                        "--fever-end-c",
                        "--hypothermia-c",
                        "--hypothermia-end-c",
                        "--consecutive-readings",
                        "--drinking-fall-c",
                        "--drinking-drop-c",
                        "--drinking-recovery-c",
                        "--rewarming-rise-c",
                        "--rewarmed-c",
                        "--drinking-max-duration",
                        "--drinking-median-readings",
                        "--median-spread-c",
                        "--levelling-rise-c",
                        "--steady-c",
                        "--gap-intervals",
                        "--low-rumination-ratio",
                        "--low-rumination-end-ratio",
                        "--rumination-span",
                        "--high-activity-ratio",
                        "--high-activity-end-ratio",
                        "--activity-span",
                        "--baseline-days",
                        "--min-history-days",
                        "--min-coverage",
                        "--low-ph",
                        "--low-ph-duration",
                        "--low-ph-end-duration",
                        "--low-ph-window",
                        "--ph-interval",
                        "--silent-intervals");
    }

    @Test
    void everyDescriptionDescribesAnOption() {
        ResourceBundle descriptions = ResourceBundle.getBundle(AlertOptions.class.getName());
        List<String> names =
                new CommandLine(new Cli())
                        .getCommandSpec().options().stream()
                                .map(option -> option.longestName().substring(2))
                                .toList();

        assertThat(Collections.list(descriptions.getKeys()))
                .containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void theRulesFormerConstantsTakeTheirOptions() {
        AlertThresholds parsed =
                parse(
                        "--median-spread-c=0.4",
                        "--levelling-rise-c=0.1",
                        "--steady-c=0.2",
                        "--gap-intervals=2.5",
                        "--min-coverage=0.75",
                        "--alert-state-ttl=P2D");

        assertThat(parsed.temperature().medianSpreadC()).isEqualTo(0.4);
        assertThat(parsed.temperature().levellingRiseC()).isEqualTo(0.1);
        assertThat(parsed.temperature().steadyC()).isEqualTo(0.2);
        assertThat(parsed.temperature().gapIntervals()).isEqualTo(2.5);
        assertThat(parsed.baseline().minCoverage()).isEqualTo(0.75);
        assertThat(parsed.alertStateTtl()).isEqualTo(Duration.ofDays(2));
        // Each option sets its own threshold only.
        assertThat(parsed.temperature().feverC()).isEqualTo(39.7);
    }

    @Test
    void optionsOverrideTheirThreshold() {
        AlertThresholds parsed =
                parse(
                        "--fever-c=40.0",
                        "--sensor-interval=PT1M",
                        "--activity-span=PT3H",
                        "--drinking-fall-c=1.2");

        assertThat(parsed.temperature().feverC()).isEqualTo(40.0);
        assertThat(parsed.temperature().drinkingFallC()).isEqualTo(1.2);
        assertThat(parsed.silentSpan()).isEqualTo(Duration.ofMinutes(3));
        assertThat(parsed.baseline().activitySpan()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void theHelpShowsEachRulesOwnDefault() {
        // Lines wrap anywhere: compare with single spaces.
        String help = new CommandLine(new Cli()).getUsageMessage().replaceAll("\\s+", " ");

        assertThat(help)
                .contains(
                        "--fever-c=<feverC> FEVER: rumen temperature at or above this (°C)…"
                                + " (default: 39.7)")
                .contains(
                        "per sensor interval (°C), is a drink; a slower fall never is (default:"
                                + " 0.5)")
                .contains("The interval at which a bolus reports (default: PT10M)");
    }

    @Test
    void anInconsistentCombinationIsAOneLineUsageError() {
        assertThatThrownBy(() -> parse("--fever-c=39.0"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage(
                        "Invalid alert options: the fever end threshold must not exceed the fever threshold");
        assertThatThrownBy(() -> parse("--rumination-span=PT90M"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("whole hours");
        assertThatThrownBy(() -> parse("--steady-c=0.6"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage(
                        "Invalid alert options: the steady step must be positive and at most the drinking fall");
        assertThatThrownBy(() -> parse("--min-coverage=1.5"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("minimum coverage");
    }

    @Test
    void aDurationTheRulesCannotCountInIsAUsageError() {
        // Each was accepted (the rules then overflowed or divided by a zero span) or threw an
        // ArithmeticException past the usage error.
        assertThatThrownBy(() -> parse("--alert-state-ttl=P106751990000D"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage(
                        "Invalid alert options: the alert state TTL must be positive and at most P3650D");
        assertThatThrownBy(() -> parse("--sensor-interval=PT0.0005S"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage(
                        "Invalid alert options: the interval at which a bolus reports must be whole"
                                + " seconds, from PT1S to P3650D");
        assertThatThrownBy(() -> parse("--rumination-span=P106751991200D"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("whole hours");
        assertThat(parse("--alert-state-ttl=P3650D", "--sensor-interval=PT1S").silentSpan())
                .isEqualTo(Duration.ofSeconds(3));
    }
}
