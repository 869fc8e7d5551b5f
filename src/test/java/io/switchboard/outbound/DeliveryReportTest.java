package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryReportTest {

    @Test
    void shouldMoveASentReplyToDeliveredOrFailedAndLeaveItAtStepsOnTheWay() {
        assertThat(new DeliveryReport("SM1", DeliveryReport.State.DELIVERED, null, "delivered").replyStatus())
                .contains(ReplyStatus.DELIVERED);
        assertThat(new DeliveryReport("SM1", DeliveryReport.State.FAILED, "30003", "undelivered").replyStatus())
                .contains(ReplyStatus.FAILED);
        assertThat(new DeliveryReport("SM1", DeliveryReport.State.INTERIM, null, "sending").replyStatus()).isEmpty();
    }

    @Test
    void shouldSayWhatTheChannelReportedAndItsErrorCodeOnlyForAFailure() {
        assertThat(new DeliveryReport("SM1", DeliveryReport.State.FAILED, "30003", "undelivered").failureReason())
                .isEqualTo("the channel reported the message undelivered (error 30003)");
        // without an ErrorCode the callbacks reader uses the status as the code: said once
        assertThat(new DeliveryReport("SM1", DeliveryReport.State.FAILED, "failed", "failed").failureReason())
                .isEqualTo("the channel reported the message failed");
        assertThat(new DeliveryReport("SM1", DeliveryReport.State.DELIVERED, null, "delivered").failureReason())
                .isNull();
    }
}
