package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.arc.All;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.domain.Channel;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.WeChatTestAccounts;
import io.switchboard.testing.standin.StandIns;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The senders as the gateway builds them: CDI beans configured from the packaged settings plus what the test
 * resources give, one per channel, each reaching its stand-in (or GreenMail) in the channel's format.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailServer.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StandIns.class, restrictToAnnotatedClass = true)
class SendersWiringTest {

    @Inject
    @All
    List<ChannelSender> senders;

    private Map<Channel, ChannelSender> byChannel() {
        Map<Channel, ChannelSender> map = new EnumMap<>(Channel.class);
        senders.forEach(s -> assertThat(map.put(s.channel(), s)).as("one sender for %s", s.channel()).isNull());
        return map;
    }

    @Test
    void shouldHaveOneSenderPerChannelAndReachEveryStandIn() throws Exception {
        Map<Channel, ChannelSender> sender = byChannel();
        assertThat(sender).containsOnlyKeys(Channel.values());

        assertThat(sender.get(Channel.CHAT).send(OutboundMessage.builder("wiring-chat", Channel.CHAT,
                new OutboundMessage.Recipient("visitor-1", "session-1"), "hello").build()))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(StandIns.chat().deliveries()).containsKey("wiring-chat");

        assertThat(sender.get(Channel.WECHAT).send(OutboundMessage.builder("wiring-oa", Channel.WECHAT,
                OutboundMessage.Recipient.of(StandIns.OPENID), "您好").account(WeChatTestAccounts.OA).build()))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(sender.get(Channel.WECHAT).send(OutboundMessage.builder("wiring-wecom", Channel.WECHAT,
                OutboundMessage.Recipient.of(StandIns.WECOM_USER), "您好").account(WeChatTestAccounts.WECOM_SAMPLE)
                .build())).isInstanceOf(SendOutcome.Sent.class);
        assertThat(StandIns.officialAccount().sent()).extracting(s -> s.openid()).contains(StandIns.OPENID);
        assertThat(StandIns.wecom().sent()).extracting(s -> s.agentId()).contains(StandIns.WECOM_AGENT_ID);

        assertThat(sender.get(Channel.PHONE).send(OutboundMessage.builder("wiring-sms", Channel.PHONE,
                OutboundMessage.Recipient.of("+8613800138000"), "hi").build())).isInstanceOf(SendOutcome.Sent.class);
        assertThat(StandIns.twilio().queued()).extracting(q -> q.to()).contains("+8613800138000");

        assertThat(sender.get(Channel.EMAIL).send(OutboundMessage.builder("wiring-mail", Channel.EMAIL,
                OutboundMessage.Recipient.of("li.na@example.org"), "您好").account("support")
                .emailThread(new OutboundMessage.EmailThread("<q.1@example.org>", List.of(), "问题")).build()))
                .isInstanceOf(SendOutcome.Sent.class);
        MimeMessage[] mail = MailServer.receivedBy("li.na@example.org");
        assertThat(mail).hasSize(1);
        assertThat(mail[0].getSubject()).isEqualTo("Re: 问题");
        assertThat(mail[0].getHeader("Message-ID", null)).isEqualTo("<switchboard.reply.wiring-mail@example.com>");
    }

    @Test
    void shouldNameWhatIsMissingForAnAccountThatCannotSend() {
        // oa-plain receives callbacks but has no app-id or app-secret for sending
        assertThatThrownBy(() -> byChannel().get(Channel.WECHAT).requireSettings(WeChatTestAccounts.OA_PLAIN))
                .isInstanceOfSatisfying(MissingSendingSetting.class, e -> assertThat(e.property())
                        .isEqualTo("switchboard.wechat.accounts." + WeChatTestAccounts.OA_PLAIN + ".app-id"));
    }
}
