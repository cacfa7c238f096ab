package io.herdpulse.alerts.silence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The minutes of event time in which each farm has reported, from every farm's readings ({@link
 * FarmReports}), whichever parallel instance of the detector holds the cow.
 *
 * <p>This is how SENSOR_SILENT knows that "the farm keeps reporting": a farm whose gateway fails
 * goes quiet, so none of its animals is reported silent.
 *
 * <p>A poll asks whether the farm reported between an animal's deadline and the poll's time, not
 * whether its newest reading is past the deadline: readings arrive ahead of the watermark, by how
 * much depends on timing (after a restore Flink's watermark lags while the partitions are replayed
 * unevenly), so a farm's newest reading seen at a poll is not the same in every run, while the
 * readings in the poll's past are. Minutes are remembered until the watermark is an animal's state
 * lifetime past them ({@link #forgetBefore}): no poll asks about older ones, however far a farm's
 * readings run ahead of the watermark. The detector checkpoints them ({@link #snapshot}).
 */
public final class FarmClock {
    private static final long MINUTE = 60_000;

    private final Map<String, Reported> farms = new HashMap<>();
    private long forgottenBefore = Long.MIN_VALUE;

    /** One farm's reporting as checkpointed: bit {@code i} is minute {@code firstMinute + i}. */
    public record Minutes(String farmId, long firstMinute, long[] bits) {}

    /** One farm's latest event time, as versions before the minutes checkpointed it. */
    public record Latest(String farmId, long eventTime) {}

    public void saw(FarmReport report) {
        saw(report.farmId(), report.eventTime());
    }

    void saw(String farmId, long eventTime) {
        long minute = minuteOf(eventTime);
        if (minute >= forgottenBefore) {
            farms.computeIfAbsent(farmId, farm -> new Reported(minute)).saw(minute);
        }
    }

    /** Forgets the minutes before {@code time}: no poll will ask about them. */
    public void forgetBefore(long time) {
        long minute = minuteOf(time);
        if (minute > forgottenBefore) {
            forgottenBefore = minute;
            // A farm with nothing left goes too: farm ids that come and go (one per gateway
            // restart, say) must not grow every checkpoint for ever.
            farms.values().removeIf(farm -> farm.forgetBefore(minute));
        }
    }

    /**
     * When the farm has reported since {@code since}, as a poll can know it: the last millisecond
     * of the first minute (from {@code since}'s own) in which it reported, so that a poll at or
     * after that time has every reading of that minute behind its watermark. Null when the farm has
     * not reported since.
     */
    public Long reportKnownAt(String farmId, long since) {
        Reported farm = farms.get(farmId);
        if (farm == null) {
            return null;
        }
        long minute = farm.firstAtOrAfter(minuteOf(since));
        return minute == Long.MAX_VALUE ? null : endOfMinute(minute * MINUTE);
    }

    /** The minute holding {@code time}, counted from the epoch. */
    public static long minuteOf(long time) {
        return Math.floorDiv(time, MINUTE);
    }

    /** The last millisecond of the minute holding {@code time}. */
    public static long endOfMinute(long time) {
        return minuteOf(time) * MINUTE + MINUTE - 1;
    }

    public List<Minutes> snapshot() {
        List<Minutes> entries = new ArrayList<>(farms.size());
        farms.forEach(
                (farm, reported) ->
                        entries.add(new Minutes(farm, reported.first, reported.bits.clone())));
        return entries;
    }

    /** Adds a checkpointed farm's minutes (after a rescale one farm may come from several). */
    public void restore(Minutes entry) {
        long[] bits = entry.bits();
        for (int i = 0; i < bits.length * 64; i++) {
            if ((bits[i >>> 6] & 1L << i) != 0) {
                saw(entry.farmId(), (entry.firstMinute() + i) * MINUTE);
            }
        }
    }

    /** Restores a farm as versions before the minutes knew it: its latest reading. */
    public void restore(Latest entry) {
        saw(entry.farmId(), entry.eventTime());
    }

    /** The minutes a farm reported in, one bit each from a first minute on (a multiple of 64). */
    private static final class Reported {
        private long first;
        private long[] bits = new long[1];

        Reported(long minute) {
            first = Math.floorDiv(minute, 64) * 64;
        }

        void saw(long minute) {
            if (minute < first) {
                long earlier = Math.floorDiv(minute, 64) * 64;
                int words = (int) ((first - earlier) / 64);
                long[] grown = new long[bits.length + words];
                System.arraycopy(bits, 0, grown, words, bits.length);
                bits = grown;
                first = earlier;
            }
            long bit = minute - first;
            if (bit >= (long) bits.length * 64) {
                bits = Arrays.copyOf(bits, (int) (bit / 64) + 1);
            }
            bits[(int) (bit >>> 6)] |= 1L << bit;
        }

        /** Whether nothing is left. */
        boolean forgetBefore(long minute) {
            long words = (minute - first) / 64;
            if (words > 0) {
                int kept = (int) Math.max(0, bits.length - words);
                bits = kept == 0 ? new long[1] : Arrays.copyOfRange(bits, (int) words, bits.length);
                first += words * 64;
            }
            return firstAtOrAfter(minute) == Long.MAX_VALUE;
        }

        long firstAtOrAfter(long from) {
            long start = Math.max(from, first) - first;
            for (int word = (int) (start >>> 6); word < bits.length; word++) {
                long masked = bits[word] & (word == start >>> 6 ? -1L << start : -1L);
                if (masked != 0) {
                    return first + word * 64L + Long.numberOfTrailingZeros(masked);
                }
            }
            return Long.MAX_VALUE;
        }
    }
}
