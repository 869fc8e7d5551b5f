package io.switchboard.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.switchboard.channel.wechat.WeChatContactSummary.Attachment;
import io.switchboard.channel.wechat.WeChatContactSummary.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeChatContentMapperTest {

    private final WeChatXmlParser parser = new WeChatXmlParser();
    private final WeChatContentMapper mapper = new WeChatContentMapper();

    private WeChatContactSummary fixture(String relative) {
        return mapper.map(parser.parse(WeChatVectors.readFixture(relative)));
    }

    private WeChatContactSummary inline(String body) {
        return mapper.map(parser.parse("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName>"
                + "<CreateTime>1700000000</CreateTime>" + body + "</xml>"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            official-account/parser__parse_text_message.xml => MESSAGE => this is a test
            official-account/parser__parse_image_message.xml => MESSAGE => [image] this is a url
            official-account/parser__parse_voice_message.xml => MESSAGE => [voice]
            official-account/parser__parse_video_message.xml => MESSAGE => [video]
            official-account/parser__parse_location_message.xml => MESSAGE => [location] 位置信息 (23.134521,113.358803)
            official-account/parser__parse_unknown_message.xml => MESSAGE => [notsure]
            official-account/events__subscribe_event.xml => EVENT => [event subscribe]
            official-account/events__subscribe_scan_event.xml => EVENT => [event subscribe] qrscene_123123
            official-account/parser__parse_subscribe_event_with_last_trade_no.xml => EVENT => [event subscribe] last_trade_no_4008072001201701105817415015
            official-account/parser__parse_subscribe_scan_product_event_1.xml => EVENT => [event subscribe] scanbarcode|keystandard|keystr
            official-account/events__unsubscribe_event.xml => EVENT => [event unsubscribe]
            official-account/events__scan_event.xml => EVENT => [event SCAN] SCENE_VALUE
            official-account/events__location_event.xml => EVENT => [event LOCATION] (23.137466,113.352425)
            official-account/events__click_event.xml => EVENT => [event CLICK] EVENTKEY
            official-account/events__view_event.xml => EVENT => [event VIEW] www.qq.com
            official-account/events__kf_create_session_event.xml => EVENT => [event kf_create_session] test1@test
            official-account/events__kf_close_session_event.xml => EVENT => [event kf_close_session] test1@test
            official-account/events__kf_switch_session_event.xml => EVENT => [event kf_switch_session] test1@test -> test2@test
            official-account/events__scan_code_push_event.xml => EVENT => [event scancode_push] 6 qrcode: 1
            official-account/events__scan_code_waitmsg_event.xml => EVENT => [event scancode_waitmsg] 6 qrcode: 2
            official-account/events__pic_sysphoto_event.xml => EVENT => [event pic_sysphoto] 6 (1 picture(s))
            official-account/events__pic_photo_or_album_event.xml => EVENT => [event pic_photo_or_album] 6 (1 picture(s))
            official-account/events__pic_wechat_event.xml => EVENT => [event pic_weixin] 6 (1 picture(s))
            official-account/events__location_select_event.xml => EVENT => [event location_select] 6 广州市海珠区客村艺苑路 106号 (23,113)
            official-account/events__mass_send_job_finish_event.xml => EVENT => [event MASSSENDJOBFINISH] err(30003)
            official-account/events__template_send_job_finish_event.xml => EVENT => [event TEMPLATESENDJOBFINISH] success
            official-account/events__merchant_order_event.xml => EVENT => [event merchant_order]
            official-account/events__shakearound_user_shake_event.xml => EVENT => [event ShakearoundUserShake]
            official-account/parser__parse_update_invoice_status_event.xml => EVENT => [event update_invoice_status] INVOICE_REIMBURSE_INIT
            official-account/parser__parse_device_text_event.xml => EVENT => [device_text] MTIz
            official-account/parser__parse_device_bind_event.xml => EVENT => [device_event bind] MTIz
            wecom/work_parser__parse_text_message.xml => MESSAGE => this is a test
            wecom/work_parser__parse_image_message.xml => MESSAGE => [image] this is a url
            wecom/work_parser__parse_location_event.xml => EVENT => [event LOCATION] (23.137466,113.352425)
            wecom/work_parser__parse_unknown_message.xml => MESSAGE => [notsure]
            wecom/work_parser__subscribe_event.xml => EVENT => [event subscribe]
            """)
    void shouldRenderFixtureAsExpectedText(String file, Kind kind, String text) {
        WeChatContactSummary s = fixture(file);
        assertThat(s.kind()).isEqualTo(kind);
        assertThat(s.text()).isEqualTo(text);
    }

    // ---------------------------------------------------------------- messages

    @Test
    void shouldMapTextContent() {
        WeChatContactSummary s = inline("<MsgType>text</MsgType><Content><![CDATA[我要退货]]></Content><MsgId>1</MsgId>");
        assertThat(s.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(s.type()).isEqualTo("text");
        assertThat(s.text()).isEqualTo("我要退货");
        assertThat(s.attachments()).isEmpty();
        assertThat(s.entities()).isEmpty();
        assertThat(s.event()).isNull();
    }

    @Test
    void shouldNeverProduceEmptyTextForBlankContent() {
        assertThat(inline("<MsgType>text</MsgType><Content><![CDATA[]]></Content>").text()).isEqualTo("[text]");
    }

    @Test
    void shouldDescribeImageWithAttachment() {
        WeChatContactSummary s = fixture("official-account/parser__parse_image_message.xml");
        assertThat(s.attachments()).containsExactly(new Attachment("image", "media_id", "this is a url", null, null));
    }

    @Test
    void shouldUseVoiceRecognitionAsText() {
        WeChatContactSummary s = inline("<MsgType>voice</MsgType><MediaId>m1</MediaId><Format>amr</Format>"
                + "<Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>2</MsgId>");
        assertThat(s.text()).isEqualTo("腾讯微信团队");
        assertThat(s.entities()).contains(entry("recognition", "腾讯微信团队"));
        assertThat(s.attachments()).containsExactly(new Attachment("voice", "m1", null, "amr", null));
    }

    @Test
    void shouldFallBackToVoicePlaceholderWhenRecognitionIsBlank() {
        WeChatContactSummary s = inline("<MsgType>voice</MsgType><MediaId>m1</MediaId><Format>speex</Format>"
                + "<Recognition><![CDATA[]]></Recognition>");
        assertThat(s.text()).isEqualTo("[voice]");
        assertThat(s.entities()).doesNotContainKey("recognition");
    }

    @Test
    void shouldAcceptOldRecongnitionSpelling() {
        assertThat(inline("<MsgType>voice</MsgType><MediaId>m</MediaId><Recongnition>hi</Recongnition>").text())
                .isEqualTo("hi");
    }

    @Test
    void shouldDescribeVideoWithThumbnail() {
        WeChatContactSummary s = fixture("official-account/parser__parse_video_message.xml");
        assertThat(s.attachments()).containsExactly(new Attachment("video", "media_id", null, null, "thumb_media_id"));
    }

    @Test
    void shouldDescribeShortVideo() {
        WeChatContactSummary s = inline("<MsgType><![CDATA[shortvideo]]></MsgType><MediaId>mv</MediaId>"
                + "<ThumbMediaId>th</ThumbMediaId><MsgId>3</MsgId>");
        assertThat(s.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(s.text()).isEqualTo("[shortvideo]");
        assertThat(s.attachments()).containsExactly(new Attachment("shortvideo", "mv", null, null, "th"));
    }

    @Test
    void shouldExtractLocationEntities() {
        WeChatContactSummary s = fixture("official-account/parser__parse_location_message.xml");
        assertThat(s.entities()).contains(entry("latitude", "23.134521"), entry("longitude", "113.358803"),
                entry("label", "位置信息"), entry("Scale", "20"));
    }

    @Test
    void shouldRenderLocationWithoutLabel() {
        assertThat(inline("<MsgType>location</MsgType><Location_X>1.5</Location_X><Location_Y>2.5</Location_Y>"
                + "<Label></Label>").text()).isEqualTo("[location] (1.5,2.5)");
    }

    @Test
    void shouldRenderLinkWithTitleAsSubject() {
        WeChatContactSummary s = fixture("official-account/parser__parse_link_message.xml");
        assertThat(s.subject()).isEqualTo("公众平台官网链接");
        assertThat(s.text()).isEqualTo("公众平台官网链接\n公众平台官网链接\nurl");
        assertThat(s.entities()).contains(entry("Url", "url"));
    }

    @Test
    void shouldKeepUnknownMessageTypeWithItsContent() {
        WeChatContactSummary s = inline("<MsgType>miniprogrampage</MsgType><Content>hello</Content><Title>t</Title>");
        assertThat(s.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(s.type()).isEqualTo("miniprogrampage");
        assertThat(s.text()).isEqualTo("[miniprogrampage] hello");
        assertThat(s.entities()).containsExactly(entry("Title", "t"));
    }

    @Test
    void shouldKeepPayloadWithoutMsgTypeAsUnknown() {
        WeChatContactSummary s = inline("<Content>x</Content>");
        assertThat(s.type()).isEqualTo("unknown");
        assertThat(s.text()).isEqualTo("[unknown] x");
    }

    @Test
    void shouldMapCompatibleModeBodyFromItsPlaintextFields() {
        WeChatContactSummary s = inline("<MsgType>text</MsgType><Content>hi</Content><Encrypt>AAAA</Encrypt>");
        assertThat(s.text()).isEqualTo("hi");
        assertThat(s.entities()).doesNotContainKey("Encrypt");
    }

    @Test
    void shouldRefuseToMapEncryptedEnvelope() {
        WeChatMessage env = parser.parse(WeChatVectors.readFixture("official-account/crypto__decrypt_message.xml"));
        assertThatThrownBy(() -> mapper.map(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decrypt");
    }

    // ---------------------------------------------------------------- events

    @Test
    void shouldExposeQrSceneAndTicketOfSubscribeViaQrCode() {
        WeChatContactSummary s = fixture("official-account/events__subscribe_scan_event.xml");
        assertThat(s.kind()).isEqualTo(Kind.EVENT);
        assertThat(s.type()).isEqualTo("event");
        assertThat(s.event()).isEqualTo("subscribe");
        assertThat(s.entities()).contains(entry("qrScene", "123123"), entry("Ticket", "TICKET"),
                entry("EventKey", "qrscene_123123"));
    }

    @Test
    void shouldNotInventQrSceneForPlainSubscribe() {
        assertThat(fixture("official-account/events__subscribe_event.xml").entities()).isEmpty();
        assertThat(fixture("official-account/parser__parse_subscribe_event_with_last_trade_no.xml").entities())
                .doesNotContainKey("qrScene");
    }

    @Test
    void shouldExposeSceneOfScanEvent() {
        assertThat(fixture("official-account/parser__parse_scan_event.xml").entities())
                .contains(entry("qrScene", "123123"), entry("Ticket", "TICKET"));
    }

    @Test
    void shouldExposeLocationEventCoordinates() {
        assertThat(fixture("official-account/events__location_event.xml").entities())
                .contains(entry("latitude", "23.137466"), entry("longitude", "113.352425"),
                        entry("precision", "119.385040"));
    }

    @Test
    void shouldExposeKfAccounts() {
        assertThat(fixture("official-account/events__kf_create_session_event.xml").entities())
                .contains(entry("kfAccount", "test1@test"));
        assertThat(fixture("official-account/events__kf_switch_session_event.xml").entities())
                .contains(entry("fromKfAccount", "test1@test"), entry("toKfAccount", "test2@test"));
    }

    @Test
    void shouldKeepUnknownFutureEventWithItsName() {
        WeChatContactSummary s = inline("<MsgType>event</MsgType><Event>brand_new_thing</Event>"
                + "<EventKey>k1</EventKey><Extra><Deep>v</Deep></Extra>");
        assertThat(s.kind()).isEqualTo(Kind.EVENT);
        assertThat(s.event()).isEqualTo("brand_new_thing");
        assertThat(s.text()).isEqualTo("[event brand_new_thing] k1");
        assertThat(s.entities()).containsExactly(entry("EventKey", "k1"), entry("Extra.Deep", "v"));
    }

    @Test
    void shouldKeepEventWithoutEventName() {
        assertThat(inline("<MsgType>event</MsgType>").text()).isEqualTo("[event unknown]");
    }

    @Test
    void shouldCarryAllTypeSpecificFieldsAsEntities() {
        WeChatContactSummary s = fixture("official-account/events__merchant_order_event.xml");
        assertThat(s.entities()).containsExactly(entry("OrderId", "test_order_id"), entry("OrderStatus", "2"),
                entry("ProductId", "test_product_id"), entry("SkuInfo", "10001:1000012;10002:100021"));
    }

    @Test
    void shouldKeepWeComAgentIdInEntities() {
        assertThat(fixture("wecom/work_parser__parse_click_event.xml").entities())
                .contains(entry("AgentID", "1"), entry("EventKey", "EVENTKEY"));
    }
}
