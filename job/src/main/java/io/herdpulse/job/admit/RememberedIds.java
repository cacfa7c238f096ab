package io.herdpulse.job.admit;

import java.util.Arrays;

/**
 * The reading ids one animal's de-duplication remembers, as one {@code long[]} (a single value in
 * keyed state, serialised as a primitive array): three longs per id — the watermark at which it is
 * forgotten, then the two halves of the UUID — sorted by that watermark, so forgetting cuts a
 * prefix. An animal reporting every 10 minutes holds one or two ids with the default options.
 */
final class RememberedIds {
    static final long[] NONE = new long[0];
    private static final int LONGS_PER_ID = 3;

    private RememberedIds() {}

    /** Whether {@code ids} holds the id, not yet forgotten at {@code watermark}. */
    static boolean contains(long[] ids, long mostBits, long leastBits, long watermark) {
        for (int i = 0; i < ids.length; i += LONGS_PER_ID) {
            if (ids[i] > watermark && ids[i + 1] == mostBits && ids[i + 2] == leastBits) {
                return true;
            }
        }
        return false;
    }

    /** {@code ids} without those forgotten at {@code watermark}; the same array if none is. */
    static long[] forgetUpTo(long[] ids, long watermark) {
        int kept = 0;
        while (kept < ids.length && ids[kept] <= watermark) {
            kept += LONGS_PER_ID;
        }
        return kept == 0 ? ids : Arrays.copyOfRange(ids, kept, ids.length);
    }

    /** The watermark at which the first of {@code ids} (not empty) is forgotten. */
    static long earliest(long[] ids) {
        return ids[0];
    }

    /** A new array: {@code ids} plus the id, in its place by {@code forgetAt}. */
    static long[] add(long[] ids, long forgetAt, long mostBits, long leastBits) {
        int at = ids.length;
        while (at > 0 && ids[at - LONGS_PER_ID] > forgetAt) {
            at -= LONGS_PER_ID;
        }
        long[] added = new long[ids.length + LONGS_PER_ID];
        System.arraycopy(ids, 0, added, 0, at);
        added[at] = forgetAt;
        added[at + 1] = mostBits;
        added[at + 2] = leastBits;
        System.arraycopy(ids, at, added, at + LONGS_PER_ID, ids.length - at);
        return added;
    }

    /** The high 64 bits of a UUID in its 8-4-4-4-12 form, as {@code UUID.fromString} reads it. */
    static long mostBits(String uuid) {
        return hex(uuid, 0, 8) << 32 | hex(uuid, 9, 13) << 16 | hex(uuid, 14, 18);
    }

    /** The low 64 bits of a UUID in its 8-4-4-4-12 form. */
    static long leastBits(String uuid) {
        return hex(uuid, 19, 23) << 48 | hex(uuid, 24, 36);
    }

    private static long hex(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value << 4 | Character.digit(text.charAt(i), 16);
        }
        return value;
    }
}
