package io.herdpulse.job.admit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class RememberedIdsPropertyTest {

    @Property(tries = 1000)
    void readsTheBitsOfAUuidAsUuidFromStringDoes(
            @ForAll long most, @ForAll long least, @ForAll boolean upperCase) {
        String text = new UUID(most, least).toString();
        if (upperCase) {
            text = text.toUpperCase(Locale.ROOT);
        }

        assertThat(RememberedIds.mostBits(text)).isEqualTo(most);
        assertThat(RememberedIds.leastBits(text)).isEqualTo(least);
    }
}
