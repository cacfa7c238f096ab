package io.herdpulse.alerts.silence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The minutes of event time in which each farm has reported, as seen by one parallel instance of
 * the detector.
 *
 * <p>This is how SENSOR_SILENT knows that "the farm keeps reporting": readings are keyed by animal,
 * so every instance sees a share of every farm's animals. A farm whose gateway fails goes quiet in
 * every instance at once, so none of its animals is reported silent.
 *
 * <p>A poll asks whether the farm reported between an animal's deadline and the poll's time, not
 * whether its newest reading is past the deadline: readings arrive ahead of the watermark, by how
 * much depends on timing (after a restore Flink's watermark lags while the partitions are replayed
 * unevenly), so a farm's newest reading seen at a poll is not the same in every run, while the
 * readings in the poll's past are. Minutes are remembered for as long as an animal's state lives;
 * the detector checkpoints them ({@link #snapshot}).
 */
public final class FarmClock {
    private static final long MINUTE = 60_000;

    private final int minutes;
    private final Map<String, Reported> farms = new HashMap<>();

    /** One farm's reporting as checkpointed: bit {@code m % bits} is minute {@code m}. */
    public record Minutes(String farmId, long newestMinute, long[] bits) {}

    /** One farm's latest event time, as versions before the minutes checkpointed it. */
    public record Latest(String farmId, long eventTime) {}

    /**
     * @param remembered how far back before a farm's newest reading its minutes are known
     */
    public FarmClock(Duration remembered) {
        this.minutes = (int) Math.max(1, (remembered.toMinutes() + 63) / 64) * 64;
    }

    public void saw(String farmId, long eventTime) {
        farms.computeIfAbsent(farmId, farm -> new Reported(minutes))
                .saw(Math.floorDiv(eventTime, MINUTE));
    }

    /**
     * When the farm has reported since {@code since}, as a poll can know it: the last millisecond
     * of the first minute (from {@code since}'s own) in which it reported, so that a poll at or
     * after that time has every reading of that minute behind its watermark. Null when the farm has
     * not reported since; a minute before the ones remembered counts as not reported.
     */
    public Long reportKnownAt(String farmId, long since) {
        Reported farm = farms.get(farmId);
        if (farm == null) {
            return null;
        }
        long minute = farm.firstAtOrAfter(Math.floorDiv(since, MINUTE));
        return minute == Long.MAX_VALUE ? null : endOfMinute(minute * MINUTE);
    }

    /** The last millisecond of the minute holding {@code time}. */
    public static long endOfMinute(long time) {
        return Math.floorDiv(time, MINUTE) * MINUTE + MINUTE - 1;
    }

    public List<Minutes> snapshot() {
        List<Minutes> entries = new ArrayList<>(farms.size());
        farms.forEach(
                (farm, reported) ->
                        entries.add(new Minutes(farm, reported.newest, reported.bits.clone())));
        return entries;
    }

    /** Adds a checkpointed farm's minutes (after a rescale one farm may come from several). */
    public void restore(Minutes entry) {
        long[] bits = entry.bits();
        int size = bits.length * 64;
        for (long minute = entry.newestMinute() - size + 1;
                minute <= entry.newestMinute();
                minute++) {
            int bit = (int) Math.floorMod(minute, size);
            if ((bits[bit >>> 6] & 1L << bit) != 0) {
                saw(entry.farmId(), minute * MINUTE);
            }
        }
    }

    /** Restores a farm as versions before the minutes knew it: its latest reading. */
    public void restore(Latest entry) {
        saw(entry.farmId(), entry.eventTime());
    }

    /** A ring of minutes, one bit each, ending at the newest minute reported. */
    private static final class Reported {
        private final long[] bits;
        private long newest = Long.MIN_VALUE;

        Reported(int minutes) {
            bits = new long[minutes / 64];
        }

        void saw(long minute) {
            int size = bits.length * 64;
            if (newest == Long.MIN_VALUE || minute - newest >= size) {
                Arrays.fill(bits, 0);
                newest = minute;
            }
            for (; newest < minute; newest++) {
                clear(newest + 1);
            }
            if (minute > newest - size) {
                int bit = index(minute);
                bits[bit >>> 6] |= 1L << bit;
            }
        }

        long firstAtOrAfter(long from) {
            int size = bits.length * 64;
            for (long minute = Math.max(from, newest - size + 1); minute <= newest; minute++) {
                int bit = index(minute);
                if ((bits[bit >>> 6] & 1L << bit) != 0) {
                    return minute;
                }
            }
            return Long.MAX_VALUE;
        }

        private void clear(long minute) {
            int bit = index(minute);
            bits[bit >>> 6] &= ~(1L << bit);
        }

        private int index(long minute) {
            return (int) Math.floorMod(minute, (long) bits.length * 64);
        }
    }
}
