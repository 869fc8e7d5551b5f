package io.switchboard.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.domain.Channel;
import io.switchboard.outbound.MissingSendingSetting;
import io.switchboard.outbound.OutboundHttp;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import io.switchboard.testing.ConfigFor;
import io.switchboard.testing.ManualClock;
import io.switchboard.testing.standin.OfficialAccountStandIn;
import io.switchboard.testing.standin.StandInServer.Answer;
import io.switchboard.testing.standin.WeComStandIn;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WeChatSenderTest {

    private static final String APP_ID = "wx5b1a3c7e9d2f4a60";
    private static final String APP_SECRET = "oa-secret";
    private static final String OPENID = "oyORnuP8q7ou2gfYjqLzSIWZf0rs";
    private static final String CORP_ID = "ww0123456789abcdef";
    private static final String CORP_SECRET = "wecom-secret";
    private static final long AGENT_ID = 1000002;
    private static final String USER = "ZhangSan";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T08:00:00Z"));
    private OfficialAccountStandIn oa;
    private WeComStandIn wecom;
    private WeChatSender sender;

    @BeforeEach
    void start() {
        oa = new OfficialAccountStandIn(clock).start();
        oa.app(APP_ID, APP_SECRET).follower(OPENID).follower("o-window-closed").follower("o-quota");
        wecom = new WeComStandIn(clock).start();
        wecom.app(CORP_ID, CORP_SECRET, AGENT_ID).member(USER);
        sender = sender(Map.of());
    }

    @AfterEach
    void stop() {
        oa.close();
        wecom.close();
    }

    private WeChatSender sender(Map<String, String> overrides) {
        return sender(overrides, Duration.ofSeconds(10));
    }

    private WeChatSender sender(Map<String, String> overrides, Duration readTimeout) {
        Map<String, String> p = new HashMap<>();
        p.put("switchboard.wechat.api-url", oa.baseUrl().toString());
        p.put("switchboard.wechat.wecom-api-url", wecom.baseUrl() + "/");
        account(p, "oa", "official-account", APP_ID, APP_SECRET, null);
        account(p, "staff", "wecom", CORP_ID, CORP_SECRET, AGENT_ID);
        account(p, "oa-no-secret", "official-account", APP_ID, null, null);
        account(p, "staff-no-agent", "wecom", CORP_ID, CORP_SECRET, null);
        p.putAll(overrides);
        return new WeChatSender(ConfigFor.properties(p), new OutboundHttp(Duration.ofSeconds(2), readTimeout, clock));
    }

    private static void account(Map<String, String> p, String name, String kind, String appId, String secret,
            Long agentId) {
        String prefix = "switchboard.wechat.accounts." + name + ".";
        p.put(prefix + "kind", kind);
        p.put(prefix + "token", "callback-token");
        p.put(prefix + "app-id", appId);
        if (secret != null) {
            p.put(prefix + "app-secret", secret);
        }
        if (agentId != null) {
            p.put(prefix + "agent-id", String.valueOf(agentId));
        }
    }

    private static OutboundMessage reply(String account, String to, String text) {
        return OutboundMessage.builder("r-" + to, Channel.WECHAT, OutboundMessage.Recipient.of(to), text)
                .account(account).build();
    }

    private static SendOutcome.Failed failed(SendOutcome outcome) {
        assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
        return (SendOutcome.Failed) outcome;
    }

    @Nested
    class OfficialAccount {

        @Test
        void shouldGetATokenAndSendACustomerServiceTextMessage() {
            SendOutcome outcome = sender.send(reply("oa", OPENID, "您好，退款已处理。"));

            assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
            var token = oa.requests(OfficialAccountStandIn.TOKEN_PATH).get(0);
            assertThat(token.method()).isEqualTo("GET");
            assertThat(token.queryParam("grant_type")).isEqualTo("client_credential");
            assertThat(token.queryParam("appid")).isEqualTo(APP_ID);
            assertThat(token.queryParam("secret")).isEqualTo(APP_SECRET);
            var send = oa.requests(OfficialAccountStandIn.SEND_PATH).get(0);
            assertThat(send.method()).isEqualTo("POST");
            assertThat(send.queryParam("access_token")).isEqualTo("wechat-oa-token-1");
            JsonNode body = send.json();
            assertThat(body.path("touser").asText()).isEqualTo(OPENID);
            assertThat(body.path("msgtype").asText()).isEqualTo("text");
            assertThat(body.path("text").path("content").asText()).isEqualTo("您好，退款已处理。");
            assertThat(body.size()).isEqualTo(3);
            assertThat(oa.sent()).containsExactly(new OfficialAccountStandIn.Sent(APP_ID, OPENID, "您好，退款已处理。"));
        }

        @Test
        void shouldReuseTheTokenUntilShortlyBeforeItExpiresThenGetANewOneWithoutAnError() {
            sender.send(reply("oa", OPENID, "one"));
            clock.advance(Duration.ofSeconds(7200 - 301));
            sender.send(reply("oa", OPENID, "two"));
            assertThat(oa.tokensIssued()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(2)); // inside the 5-minute margin, still valid at WeChat
            assertThat(sender.send(reply("oa", OPENID, "three"))).isInstanceOf(SendOutcome.Sent.class);

            assertThat(oa.tokensIssued()).isEqualTo(2);
            assertThat(oa.requests(OfficialAccountStandIn.SEND_PATH)).hasSize(3)
                    .allSatisfy(r -> assertThat(r.queryParam("access_token")).isNotNull());
            assertThat(oa.requests(OfficialAccountStandIn.SEND_PATH).get(2).queryParam("access_token"))
                    .isEqualTo("wechat-oa-token-2");
            assertThat(oa.sent()).hasSize(3);
        }

        @Test
        void shouldRefreshOnceOnAnExpiredTokenAndSendAgain() {
            sender.send(reply("oa", OPENID, "one"));
            oa.expireTokens();

            SendOutcome outcome = sender.send(reply("oa", OPENID, "two"));

            assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
            assertThat(oa.tokensIssued()).isEqualTo(2);
            var sends = oa.requests(OfficialAccountStandIn.SEND_PATH);
            assertThat(sends).extracting(r -> r.queryParam("access_token"))
                    .containsExactly("wechat-oa-token-1", "wechat-oa-token-1", "wechat-oa-token-2");
            assertThat(oa.sent()).extracting(OfficialAccountStandIn.Sent::content).containsExactly("one", "two");
        }

        @Test
        void shouldRefreshOnceWhenAnotherCallerRetiredTheToken() throws Exception {
            sender.send(reply("oa", OPENID, "one"));
            // another system of the company fetches a token for the same app: ours is no longer valid (40001)
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(oa.baseUrl().resolve(
                    OfficialAccountStandIn.TOKEN_PATH + "?grant_type=client_credential&appid=" + APP_ID + "&secret="
                            + APP_SECRET)).build(), HttpResponse.BodyHandlers.discarding());

            assertThat(sender.send(reply("oa", OPENID, "two"))).isInstanceOf(SendOutcome.Sent.class);
            assertThat(oa.tokensIssued()).isEqualTo(3);
            assertThat(oa.sent()).hasSize(2);
        }

        @Test
        void shouldRefreshOnlyOnceWhenTheNewTokenIsRejectedToo() {
            sender.send(reply("oa", OPENID, "one"));
            String stale = "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}";
            oa.answerNext(OfficialAccountStandIn.SEND_PATH, Answer.json(200, stale));
            oa.answerNext(OfficialAccountStandIn.SEND_PATH, Answer.json(200, stale));

            SendOutcome outcome = sender.send(reply("oa", OPENID, "two"));

            assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Retryable.class, retry -> {
                assertThat(retry.code()).isEqualTo("40001");
                assertThat(retry.reason()).contains("just issued");
            });
            assertThat(oa.tokensIssued()).isEqualTo(2);
            assertThat(oa.requests(OfficialAccountStandIn.SEND_PATH)).hasSize(3);
        }

        @Test
        void shouldFetchOneTokenForManyRepliesSentAtOnce() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<SendOutcome>> results = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String text = "reply " + i;
                    results.add(pool.submit(() -> sender.send(reply("oa", OPENID, text))));
                }
                for (Future<SendOutcome> result : results) {
                    assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(SendOutcome.Sent.class);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(oa.tokensIssued()).isEqualTo(1);
            assertThat(oa.sent()).hasSize(12);
        }

        @Test
        void shouldFailPermanentlyWhenTheWindowIsClosed() {
            oa.closeWindow("o-window-closed");
            SendOutcome.Failed failed = failed(sender.send(reply("oa", "o-window-closed", "hi")));
            assertThat(failed.code()).isEqualTo("45015");
            assertThat(failed.message()).contains("48-hour window is closed");
        }

        @Test
        void shouldFailPermanentlyWhenTheQuotaIsUsedUp() {
            oa.useUpQuota("o-quota");
            SendOutcome.Failed failed = failed(sender.send(reply("oa", "o-quota", "hi")));
            assertThat(failed.code()).isEqualTo("45047");
            assertThat(failed.message()).contains("quota");
        }

        @Test
        void shouldFailPermanentlyForAnOpenidThatDoesNotFollowTheAccount() {
            SendOutcome.Failed failed = failed(sender.send(reply("oa", "o-stranger", "hi")));
            assertThat(failed.code()).isEqualTo("40003");
            assertThat(failed.message()).contains("invalid openid");
        }

        @Test
        void shouldFailPermanentlyWithAWrongAppSecret() {
            SendOutcome outcome = sender(Map.of("switchboard.wechat.accounts.oa.app-secret", "wrong"))
                    .send(reply("oa", OPENID, "hi"));
            SendOutcome.Failed failed = failed(outcome);
            assertThat(failed.code()).isEqualTo("40125");
            assertThat(failed.message()).contains("no access token for account oa").contains("invalid appsecret")
                    .doesNotContain("wrong");
            assertThat(oa.requests(OfficialAccountStandIn.SEND_PATH)).isEmpty();
        }

        @Test
        void shouldRetrySystemBusy() {
            oa.answerNext(OfficialAccountStandIn.SEND_PATH, Answer.json(200, "{\"errcode\":-1,\"errmsg\":\"system error\"}"));
            assertThat(sender.send(reply("oa", OPENID, "hi"))).isInstanceOfSatisfying(SendOutcome.Retryable.class,
                    retry -> assertThat(retry.code()).isEqualTo("-1"));
            assertThat(sender.send(reply("oa", OPENID, "hi"))).isInstanceOf(SendOutcome.Sent.class);
        }

        @Test
        void shouldRetryA5xxAndThenSucceed() {
            oa.answerNext(OfficialAccountStandIn.SEND_PATH, Answer.status(502));
            assertThat(sender.send(reply("oa", OPENID, "hi"))).isInstanceOfSatisfying(SendOutcome.Retryable.class,
                    retry -> {
                        assertThat(retry.code()).isEqualTo("http-502");
                        assertThat(retry.mayHaveBeenSent()).isTrue();
                    });
            assertThat(sender.send(reply("oa", OPENID, "hi"))).isInstanceOf(SendOutcome.Sent.class);
        }

        @Test
        void shouldCallAHangPastTheTimeoutRetryableEvenThoughWeChatMaySendIt() {
            WeChatSender impatient = sender(Map.of(), Duration.ofMillis(300));
            impatient.send(reply("oa", OPENID, "warm the token"));
            oa.hangNext(OfficialAccountStandIn.SEND_PATH, Duration.ofSeconds(3));

            assertThat(impatient.send(reply("oa", OPENID, "slow"))).isInstanceOfSatisfying(SendOutcome.Retryable.class,
                    retry -> {
                        assertThat(retry.code()).isEqualTo("timeout");
                        assertThat(retry.mayHaveBeenSent()).isTrue();
                    });
            assertThat(sender.recognisesResends()).isFalse();
        }

        @Test
        void shouldNameTheMissingAppSecretOrAccount() {
            assertThatThrownBy(() -> sender.send(reply("oa-no-secret", OPENID, "hi")))
                    .isInstanceOfSatisfying(MissingSendingSetting.class, e -> assertThat(e.property())
                            .isEqualTo("switchboard.wechat.accounts.oa-no-secret.app-secret"));
            assertThatThrownBy(() -> sender.requireSettings("nobody"))
                    .isInstanceOfSatisfying(MissingSendingSetting.class, e -> assertThat(e.property())
                            .isEqualTo("switchboard.wechat.accounts.nobody.kind"));
            assertThat(oa.requests()).isEmpty();
        }
    }

    @Nested
    class WeCom {

        @Test
        void shouldSendAnApplicationMessageAsTheAgent() {
            SendOutcome outcome = sender.send(reply("staff", USER, "报销单已批准"));

            assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Sent.class,
                    sent -> assertThat(sent.providerMessageId()).isEqualTo("wecom-msg-1"));
            var token = wecom.requests(WeComStandIn.TOKEN_PATH).get(0);
            assertThat(token.queryParam("corpid")).isEqualTo(CORP_ID);
            assertThat(token.queryParam("corpsecret")).isEqualTo(CORP_SECRET);
            JsonNode body = wecom.requests(WeComStandIn.SEND_PATH).get(0).json();
            assertThat(body.path("touser").asText()).isEqualTo(USER);
            assertThat(body.path("msgtype").asText()).isEqualTo("text");
            assertThat(body.path("agentid").isIntegralNumber()).isTrue();
            assertThat(body.path("agentid").asLong()).isEqualTo(AGENT_ID);
            assertThat(body.path("text").path("content").asText()).isEqualTo("报销单已批准");
            assertThat(body.path("safe").asInt(-1)).isZero();
        }

        @Test
        void shouldFailForAUserWeComListsAsInvalid() {
            wecom.invalidUser("LiSi");
            SendOutcome.Failed failed = failed(sender.send(reply("staff", "LiSi", "hi")));
            assertThat(failed.code()).isEqualTo("invaliduser");
            assertThat(failed.message()).contains("lisi");
        }

        @Test
        void shouldFailForAUserOutsideTheAppsVisibleRange() {
            SendOutcome.Failed failed = failed(sender.send(reply("staff", "WangWu", "hi")));
            assertThat(failed.code()).isEqualTo("81013");
            assertThat(failed.message()).contains("visible range");
        }

        @Test
        void shouldRefreshOnceOnAnExpiredTokenAndSendAgain() {
            sender.send(reply("staff", USER, "one"));
            wecom.expireTokens();

            assertThat(sender.send(reply("staff", USER, "two"))).isInstanceOf(SendOutcome.Sent.class);
            assertThat(wecom.tokensIssued()).isEqualTo(2);
            assertThat(wecom.requests(WeComStandIn.SEND_PATH)).hasSize(3);
        }

        @Test
        void shouldRefreshOnceOnAnInvalidToken() {
            sender.send(reply("staff", USER, "one"));
            wecom.answerNext(WeComStandIn.SEND_PATH, Answer.json(200, "{\"errcode\":40014,\"errmsg\":\"invalid access_token\"}"));

            assertThat(sender.send(reply("staff", USER, "two"))).isInstanceOf(SendOutcome.Sent.class);
            // WeCom repeats a token that has not expired: the refresh asked once and got the same one back
            assertThat(wecom.requests(WeComStandIn.TOKEN_PATH)).hasSize(2);
            assertThat(wecom.sent()).hasSize(2);
        }

        @Test
        void shouldNameTheMissingAgentId() {
            assertThatThrownBy(() -> sender.requireSettings("staff-no-agent"))
                    .isInstanceOfSatisfying(MissingSendingSetting.class, e -> assertThat(e.property())
                            .isEqualTo("switchboard.wechat.accounts.staff-no-agent.agent-id"));
        }
    }
}
