package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.readFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.domain.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeChatContactAdapterTest {

    private static final WeChatContactAdapter ADAPTER = new WeChatContactAdapter(new WeChatXmlParser());

    private static ContactRecord map(String account, String kind, String xml) {
        RawMessage raw = new RawMessage(Channel.WECHAT, account + ":k", Instant.EPOCH, WeChatWebhook.CONTENT_TYPE,
                Map.of(WeChatWebhook.ATTR_ACCOUNT, account, WeChatWebhook.ATTR_KIND, kind),
                xml.getBytes(StandardCharsets.UTF_8));
        return ADAPTER.toContact(raw, ContactRecord.builder()).orElseThrow().build();
    }

    private static ContactRecord mapFixture(String fixture) {
        return map("support", "official-account", readFixture(fixture));
    }

    @Test
    void shouldScopeTheOpenIdToTheAccountAndThreadByIt() {
        ContactRecord r = mapFixture("official-account/parser__parse_text_message.xml");
        assertThat(r.from()).isEqualTo(new Identity("wechat-openid", "support:fromUser"));
        assertThat(r.to()).isEqualTo(new Identity("wechat-account", "support"));
        assertThat(r.identities()).containsExactly(r.from());
        assertThat(r.threadKey()).isEqualTo("wechat:support:fromUser");
        assertThat(r.direction()).isEqualTo("inbound");
        assertThat(r.text()).isEqualTo("this is a test");
        assertThat(r.tags()).isEmpty();
    }

    @Test
    void shouldAddTheUnionIdUnscopedSoAccountsOfOneOwnerLink() {
        ContactRecord r = map("support", "official-account", "<xml><ToUserName>gh_1</ToUserName>"
                + "<FromUserName>o_abc</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>"
                + "<Content>hi</Content><MsgId>7</MsgId><UnionId>u_xyz</UnionId></xml>");
        assertThat(r.identities()).containsExactly(new Identity("wechat-openid", "support:o_abc"),
                new Identity("wechat-unionid", "u_xyz"));
    }

    @Test
    void shouldUseTheWeComUserIdForWeComAccounts() {
        ContactRecord r = map("corp", "wecom", readFixture("wecom/work_parser__parse_text_message.xml"));
        assertThat(r.from()).isEqualTo(new Identity("wecom-userid", "corp:fromUser"));
        assertThat(r.text()).isEqualTo("this is a test");
    }

    @Test
    void shouldKeepMediaAsAttachmentMetadata() {
        ContactRecord image = mapFixture("official-account/parser__parse_image_message.xml");
        assertThat(image.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("image/*");
            assertThat(a.url()).isEqualTo("this is a url");
            assertThat(a.contentId()).isEqualTo("media_id");
        });
        ContactRecord voice = mapFixture("official-account/parser__parse_voice_message.xml");
        assertThat(voice.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("voice.format");
            assertThat(a.contentType()).isEqualTo("audio/format");
        });
        ContactRecord video = mapFixture("official-account/parser__parse_video_message.xml");
        assertThat(video.attachments()).singleElement().satisfies(a -> assertThat(a.contentType()).isEqualTo("video/*"));
    }

    @Test
    void shouldUseVoiceRecognitionAsTheText() {
        ContactRecord r = map("support", "official-account", "<xml><ToUserName>gh_1</ToUserName>"
                + "<FromUserName>o_abc</FromUserName><CreateTime>1</CreateTime><MsgType>voice</MsgType>"
                + "<MediaId>m1</MediaId><Format>amr</Format><Recognition><![CDATA[我要退款]]></Recognition>"
                + "<MsgId>8</MsgId></xml>");
        assertThat(r.text()).isEqualTo("我要退款");
        assertThat(r.attachments().get(0).contentType()).isEqualTo("audio/amr");
    }

    @Test
    void shouldMapShortVideoAndLinkSubject() {
        ContactRecord shortVideo = map("support", "official-account", "<xml><ToUserName>gh_1</ToUserName>"
                + "<FromUserName>o_abc</FromUserName><CreateTime>1</CreateTime><MsgType>shortvideo</MsgType>"
                + "<MediaId>m2</MediaId><ThumbMediaId>t2</ThumbMediaId><MsgId>9</MsgId></xml>");
        assertThat(shortVideo.text()).isEqualTo("[shortvideo]");
        assertThat(shortVideo.attachments().get(0).contentId()).isEqualTo("m2");
        ContactRecord link = mapFixture("official-account/parser__parse_link_message.xml");
        assertThat(link.subject()).isEqualTo("公众平台官网链接");
    }

    @Test
    void shouldTagEventsAndKeepTheQrScene() {
        ContactRecord r = mapFixture("official-account/events__subscribe_scan_event.xml");
        assertThat(r.tags()).containsExactly("wechat.event.subscribe");
        assertThat(r.text()).isEqualTo("[event subscribe] qrscene_123123");
        assertThat(mapFixture("official-account/parser__parse_scan_event.xml").tags()).containsExactly("wechat.event.scan");
        assertThat(mapFixture("official-account/events__kf_switch_session_event.xml").text())
                .startsWith("[event kf_switch_session]");
    }

    @Test
    void shouldKeepUnknownTypesRatherThanDropThem() {
        ContactRecord r = mapFixture("official-account/parser__parse_unknown_message.xml");
        assertThat(r.text()).startsWith("[notsure]");
        ContactRecord future = map("support", "official-account", "<xml><ToUserName>gh_1</ToUserName>"
                + "<FromUserName>o_abc</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>"
                + "<Event>future_thing</Event><EventKey>K</EventKey></xml>");
        assertThat(future.text()).isEqualTo("[event future_thing] K");
        assertThat(future.tags()).containsExactly("wechat.event.future_thing");
    }

    @Test
    void shouldRefuseRawMessagesWithoutAccountOrStillEncrypted() {
        RawMessage noAccount = new RawMessage(Channel.WECHAT, "x", Instant.EPOCH, WeChatWebhook.CONTENT_TYPE, Map.of(),
                "<xml/>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ADAPTER.toContact(noAccount, ContactRecord.builder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wechat-account");
        assertThatThrownBy(() -> map("support", "official-account", "<xml><Encrypt>abc</Encrypt></xml>"))
                .hasMessageContaining("still encrypted");
    }
}
