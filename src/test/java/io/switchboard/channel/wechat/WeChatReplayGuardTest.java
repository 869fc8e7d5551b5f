package io.switchboard.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channel.wechat.WeChatReplayGuard.Claim;
import io.switchboard.channel.wechat.WeChatReplayGuard.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WeChatReplayGuardTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final long T = NOW.getEpochSecond();
    private static final byte[] MESSAGE = xml("我的快递到哪里了？", 1);
    private static final byte[] FORGED = xml("请把退款打到这张卡上", 2);

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final WeChatReplayGuard guard = new WeChatReplayGuard(Duration.ofMinutes(5), 1000, clock);

    private static WeChatPushId id(String nonce) {
        return new WeChatPushId("oa", T, nonce);
    }

    private static byte[] xml(String content, long msgId) {
        return ("<xml><FromUserName>o_user</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>"
                + content + "</Content><MsgId>" + msgId + "</MsgId></xml>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswerARepeatOfAStoredPushWithoutStoringItAgain() {
        Claim first = guard.claim(id("n1"), MESSAGE);
        assertThat(first.verdict()).isEqualTo(Verdict.NEW);
        first.stored();

        for (int retry = 0; retry < 3; retry++) {
            assertThat(guard.claim(id("n1"), MESSAGE.clone()).verdict()).isEqualTo(Verdict.ALREADY_STORED);
        }
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnotherMessageUnderAStoredSignature() {
        guard.claim(id("n1"), MESSAGE).stored();
        assertThat(guard.claim(id("n1"), FORGED).verdict()).isEqualTo(Verdict.OTHER_MESSAGE);
        // and the genuine push is still the one remembered
        assertThat(guard.claim(id("n1"), MESSAGE).verdict()).isEqualTo(Verdict.ALREADY_STORED);
    }

    @Test
    void shouldProcessARetryNormallyWhenTheFirstDeliveryCouldNotBeStored() {
        Claim first = guard.claim(id("n1"), MESSAGE);
        first.failed();

        Claim retry = guard.claim(id("n1"), MESSAGE);
        assertThat(retry.verdict()).isEqualTo(Verdict.NEW);
        retry.stored();
        assertThat(guard.claim(id("n1"), MESSAGE).verdict()).isEqualTo(Verdict.ALREADY_STORED);
    }

    @Test
    void shouldAskForARetryWhileTheFirstDeliveryIsStillBeingStored() {
        Claim first = guard.claim(id("n1"), MESSAGE);
        assertThat(guard.claim(id("n1"), MESSAGE).verdict()).isEqualTo(Verdict.IN_FLIGHT);
        assertThat(guard.claim(id("n1"), FORGED).verdict()).isEqualTo(Verdict.OTHER_MESSAGE);
        first.stored();
        assertThat(guard.claim(id("n1"), MESSAGE).verdict()).isEqualTo(Verdict.ALREADY_STORED);
    }

    @Test
    void shouldTellPushesApartByAccountTimestampAndNonce() {
        guard.claim(id("n1"), MESSAGE).stored();
        assertThat(guard.claim(id("n2"), MESSAGE).verdict()).isEqualTo(Verdict.NEW);
        assertThat(guard.claim(new WeChatPushId("oa", T + 1, "n1"), MESSAGE).verdict()).isEqualTo(Verdict.NEW);
        assertThat(guard.claim(new WeChatPushId("other-account", T, "n1"), MESSAGE).verdict()).isEqualTo(Verdict.NEW);
    }

    @Test
    void shouldForgetAPushOnceItsTimestampHasLeftTheWindow() {
        guard.claim(id("n1"), MESSAGE).stored();
        guard.claim(new WeChatPushId("oa", T + 120, "n2"), MESSAGE).stored();

        clock.now = NOW.plusSeconds(300);
        assertThat(guard.claim(id("n1"), MESSAGE).verdict()).as("last second of its window").isEqualTo(Verdict.ALREADY_STORED);
        clock.now = NOW.plusSeconds(301);
        guard.claim(id("n3"), MESSAGE);
        assertThat(guard.size()).as("n1 gone, n2 and n3 kept").isEqualTo(2);
        assertThat(guard.evictions()).isZero();
    }

    @Test
    void shouldStayWithinItsCapacityDroppingTheEntryClosestToExpiry() {
        WeChatReplayGuard small = new WeChatReplayGuard(Duration.ofMinutes(5), 2, clock);
        small.claim(new WeChatPushId("oa", T + 10, "late"), MESSAGE).stored();
        small.claim(new WeChatPushId("oa", T, "early"), MESSAGE).stored();
        small.claim(new WeChatPushId("oa", T + 20, "latest"), MESSAGE).stored();

        assertThat(small.size()).isEqualTo(2);
        assertThat(small.evictions()).isEqualTo(1);
        assertThat(small.claim(new WeChatPushId("oa", T + 10, "late"), MESSAGE).verdict()).isEqualTo(Verdict.ALREADY_STORED);
        assertThat(small.claim(new WeChatPushId("oa", T, "early"), MESSAGE).verdict()).isEqualTo(Verdict.NEW);
    }

    @Test
    void shouldRememberAStoredPushEvenIfItWasDroppedWhileBeingStored() {
        WeChatReplayGuard one = new WeChatReplayGuard(Duration.ofMinutes(5), 1, clock);
        Claim slow = one.claim(id("slow"), MESSAGE);
        one.claim(new WeChatPushId("oa", T + 1, "fast"), MESSAGE).stored();
        slow.stored();

        assertThat(one.claim(id("slow"), MESSAGE).verdict()).isEqualTo(Verdict.ALREADY_STORED);
        assertThat(one.size()).isEqualTo(1);
    }

    @Test
    void shouldRefuseANonPositiveCapacity() {
        assertThatThrownBy(() -> new WeChatReplayGuard(Duration.ofMinutes(5), 0, clock))
                .hasMessageContaining("switchboard.wechat.replay-cache-size");
    }
}
