package io.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimerScheduleTest {

    @Test
    void shouldHandOutDueTimersEarliestFirstAndKeepFutureOnes() throws Exception {
        TimerSchedule schedule = new TimerSchedule();
        schedule.assigned(List.of(0));
        schedule.loaded(0, List.of());
        Instant now = Instant.now();
        LoopTimer late = timer(0, now.minusSeconds(5));
        LoopTimer due = timer(0, now.minusSeconds(1));
        LoopTimer future = timer(0, now.plusSeconds(3600));
        schedule.addAll(List.of(due, future, late));
        assertThat(schedule.takeDue(10, Duration.ZERO)).containsExactly(late, due);
        assertThat(schedule.size()).isEqualTo(1);
    }

    @Test
    void shouldDropTheTimersOfARevokedPartitionAndIgnoreThoseItDoesNotOwn() throws Exception {
        TimerSchedule schedule = new TimerSchedule();
        schedule.assigned(List.of(0, 1));
        schedule.loaded(0, List.of(timer(0, Instant.now().minusSeconds(1))));
        schedule.addAll(List.of(timer(1, Instant.now().minusSeconds(1)), timer(2, Instant.now().minusSeconds(1))));
        schedule.revoked(List.of(0));
        assertThat(schedule.takeDue(10, Duration.ZERO)).extracting(LoopTimer::partition).containsExactly(1);
    }

    @Test
    void shouldLoadOnlyPartitionsStillOwned() {
        TimerSchedule schedule = new TimerSchedule();
        schedule.assigned(List.of(3));
        assertThat(schedule.partitionsToLoad()).containsExactly(3);
        schedule.revoked(List.of(3));
        schedule.loaded(3, List.of(timer(3, Instant.now())));
        assertThat(schedule.size()).isZero();
        assertThat(schedule.partitionsToLoad()).isEmpty();
    }

    private static LoopTimer timer(int partition, Instant due) {
        return new LoopTimer(partition, UUID.randomUUID(), LoopTimer.Kind.FIRST_RESPONSE_BREACH, due);
    }
}
