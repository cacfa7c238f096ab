package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.flink.TaskManagerMemory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HerdpulseCliTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "up --source kafka|Invalid value for option '--source': 'kafka' is not a source:"
                        + " simulator, api or none",
                "up --no-simulator --source api|--no-simulator and --source contradict each other",
                "up --taskmanager-memory 4x|Invalid value for option '--taskmanager-memory': '4x'"
                        + " is not a size such as 4g or 1536m",
                "up --herd-size 0|--herd-size must be at least 1",
                "drill broker --broker-down PT5M|--broker-down must be shorter than the drill jobs'"
                        + " --idleness of PT5M"
            })
    void aBadOptionGetsOneLineAndExitCodeTwo(String args, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = HerdpulseCli.run(args.split(" "));
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(
                        "herdpulse: "
                                + message
                                + " (see: herdpulse "
                                + args.split(" ")[0]
                                + " --help)");
    }

    @Test
    void eachSourceStartsItsOwnComponentsAndNoneOfTheOthers() {
        assertThat(ReadingSource.API.excludes("simulator")).isTrue();
        assertThat(ReadingSource.API.excludes("poller")).isFalse();
        assertThat(ReadingSource.API.excludes("fake-api")).isFalse();
        assertThat(ReadingSource.SIMULATOR.excludes("poller")).isTrue();
        assertThat(ReadingSource.SIMULATOR.excludes("simulator")).isFalse();
        assertThat(ReadingSource.NONE.excludes("simulator")).isTrue();
        assertThat(ReadingSource.NONE.excludes("fake-api")).isTrue();
        assertThat(ReadingSource.NONE.excludes("kafka")).isFalse();
    }

    @Test
    void anUnknownOptionGetsOneLineAndExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = HerdpulseCli.run("up", "--no-such-option");
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(
                        "herdpulse: Unknown option: '--no-such-option' (see: herdpulse up --help)");
    }

    @Test
    void aPlainUpKeepsTheSizeTheLastUpChoseAndAHerdSizeGivenReplacesIt(@TempDir Path dir) {
        StackHome home = new StackHome(dir);
        assertThat(HerdpulseCli.Up.sizeFor(OptionalInt.empty(), () -> home))
                .isEqualTo(TaskManagerMemory.forHerd(TaskManagerMemory.DEFAULT_HERD));

        TaskManagerMemory.forHerd(500_000).recordIn(home);
        assertThat(HerdpulseCli.Up.sizeFor(OptionalInt.empty(), () -> home))
                .isEqualTo(TaskManagerMemory.forHerd(500_000));
        assertThat(HerdpulseCli.Up.sizeFor(OptionalInt.of(2000), () -> home))
                .isEqualTo(TaskManagerMemory.forHerd(2000));
    }
}
