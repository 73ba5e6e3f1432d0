package io.rezilient.restore.service.index;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PitWinnerTest {
    @Test
    void theFirstOfEqualMaximaWinsAndExactDuplicatesAreAmbiguous() {
        IndexedEvent a = event("evt-a", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z", "rez.cdc");
        IndexedEvent b = event("evt-b", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z", "rez.cdc");

        // equal up to the event id: localeCompare decides, evt-b is newer
        assertThat(PitWinner.select(List.of(a, b)).winner()).isEqualTo(b);
        assertThat(PitWinner.select(List.of(a, a)).status()).isEqualTo(PitWinner.Status.AMBIGUOUS_PIT_CANDIDATES);
    }

    @Test
    void missingWhenOnlyMediaOrACandidateLacksSysUpdatedOn() {
        IndexedEvent media = event("m", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z", "rez.media");
        IndexedEvent undated = event("u", null, 1, "2026-02-16T12:00:00Z", "rez.cdc");

        assertThat(PitWinner.select(List.of(media)).status()).isEqualTo(PitWinner.Status.MISSING_PIT_CANDIDATES);
        assertThat(PitWinner.select(List.of(undated)).status()).isEqualTo(PitWinner.Status.MISSING_PIT_CANDIDATES);
        assertThat(media.rowCapable()).isFalse();
    }

    @Test
    void aWinnerWhoseSysUpdatedOnCarriesSpacesCannotBeMappedBack() {
        IndexedEvent padded = event("evt-p", " 2026-02-16 13:00:00 ", 1, "2026-02-16T12:00:00Z", "rez.cdc");
        IndexedEvent older = event("evt-o", "2026-02-16 12:00:00", 1, "2026-02-16T12:00:00Z", "rez.cdc");

        // the tuple is built from the trimmed value, so the padded candidate wins and then matches nothing
        assertThat(padded.pitTuple().sysUpdatedOn()).isEqualTo("2026-02-16 13:00:00");
        assertThat(PitWinner.select(List.of(older, padded)).status())
                .isEqualTo(PitWinner.Status.MISSING_PIT_CANDIDATES);
        // a padded candidate that loses does not matter
        IndexedEvent newest = event("evt-n", "2026-02-16 14:00:00", 1, "2026-02-16T12:00:00Z", "rez.cdc");
        assertThat(PitWinner.select(List.of(padded, newest)).winner()).isEqualTo(newest);
    }

    private static IndexedEvent event(String id, String updatedOn, Integer modCount, String time, String topic) {
        return new IndexedEvent(id, "cdc.write", "incident", "r1", "U", updatedOn, modCount, Instant.parse(time), topic,
                0, "1", "a/" + id, "m/" + id, "gen-1", "cdc");
    }
}
