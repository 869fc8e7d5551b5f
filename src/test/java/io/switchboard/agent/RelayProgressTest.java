package io.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayProgressTest {

    private final RelayProgress progress = new RelayProgress(new ObjectMapper(), "switchboard.agent-loop.relay-progress",
            "relay");

    @Test
    void shouldWriteTheSequencesOfABatchAsRangesAndReadEveryOneBack() {
        List<Long> published = List.of(7L, 3L, 4L, 5L, 10L, 11L, 1L);
        byte[] value = progress.encode(published);
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("{\"published\":[[1,1],[3,5],[7,7],[10,11]]}");
        assertThat(progress.decode(value)).containsExactly(1L, 3L, 4L, 5L, 7L, 10L, 11L);
    }

    @Test
    void shouldKeyTheRecordByRelayOnTheOnlyPartition() {
        var record = progress.record(List.of(42L));
        assertThat(record.topic()).isEqualTo("switchboard.agent-loop.relay-progress");
        assertThat(record.partition()).isZero();
        assertThat(record.key()).isEqualTo("relay");
    }

    @Test
    void shouldRefuseARecordItDidNotWrite() {
        assertThatThrownBy(() -> progress.decode("{\"published\":[[1]]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[first, last]");
        assertThatThrownBy(() -> progress.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }
}
