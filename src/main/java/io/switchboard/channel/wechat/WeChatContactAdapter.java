package io.switchboard.channel.wechat;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.domain.RawMessage;
import io.switchboard.pipeline.ChannelAdapter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A verified WeChat push (plaintext XML, as {@link WeChatWebhook} stored it) becomes a contact from the
 * sender, scoped to the account: OpenIDs are per Official Account and WeCom UserIDs per corporation, so
 * the same string under two accounts is two different people. A UnionID, which is the same person across
 * all accounts of one WeChat Open Platform owner, is kept unscoped so identity resolution can link them.
 * Every message and event type is a contact, unknown future types included (see {@link WeChatContentMapper}).
 */
@Singleton
public class WeChatContactAdapter implements ChannelAdapter {

    public static final String OPENID = "wechat-openid";
    public static final String UNIONID = "wechat-unionid";
    public static final String WECOM_USERID = "wecom-userid";
    public static final String ACCOUNT = "wechat-account";
    /** Events are tagged {@code wechat.event.<event>} so routing can keep e.g. LOCATION reports off agent queues. */
    public static final String EVENT_TAG_PREFIX = "wechat.event.";

    private final WeChatXmlParser parser;
    private final WeChatContentMapper mapper = new WeChatContentMapper();

    @Inject
    public WeChatContactAdapter(SwitchboardConfig config) {
        this(new WeChatXmlParser(config.wechat().maxBodyBytes(), WeChatXmlParser.DEFAULT_MAX_DEPTH));
    }

    WeChatContactAdapter(WeChatXmlParser parser) {
        this.parser = parser;
    }

    @Override
    public Channel channel() {
        return Channel.WECHAT;
    }

    @Override
    public Optional<ContactRecord.Builder> toContact(RawMessage raw, ContactRecord.Builder envelope) {
        String account = raw.attributes().get(WeChatWebhook.ATTR_ACCOUNT);
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("WeChat raw message has no " + WeChatWebhook.ATTR_ACCOUNT + " attribute");
        }
        WeChatMessage message = parser.parse(raw.body());
        if (message.isEnvelopeOnly()) {
            throw new IllegalArgumentException("WeChat raw message is still encrypted: the gateway stores plaintext only");
        }
        String sender = message.fromUserName();
        if (sender == null || sender.isEmpty()) {
            throw new IllegalArgumentException("WeChat message has no FromUserName");
        }
        boolean wecom = WeChatAccount.Kind.WECOM.wireName().equals(raw.attributes().get(WeChatWebhook.ATTR_KIND));
        Identity from = new Identity(wecom ? WECOM_USERID : OPENID, account + ":" + sender);
        List<Identity> identities = new ArrayList<>(2);
        identities.add(from);
        String unionId = message.unionId();
        if (unionId != null && !unionId.isEmpty()) {
            identities.add(new Identity(UNIONID, unionId));
        }
        WeChatContactSummary summary = mapper.map(message);
        return Optional.of(envelope
                .direction(ContactRecord.INBOUND)
                .from(from)
                .to(new Identity(ACCOUNT, account))
                .identities(identities)
                .threadKey("wechat:" + account + ":" + sender)
                .subject(summary.subject())
                .text(summary.text())
                .attachments(summary.attachments().stream().map(WeChatContactAdapter::attachment).toList())
                .tags(summary.kind() == WeChatContactSummary.Kind.EVENT ? List.of(eventTag(summary)) : List.of()));
    }

    private static String eventTag(WeChatContactSummary summary) {
        String name = summary.event() == null || summary.event().isBlank() ? summary.type() : summary.event();
        return EVENT_TAG_PREFIX + name.strip().toLowerCase(Locale.ROOT);
    }

    /** WeChat media stays with WeChat: the record names it by its MediaId, fetchable from the media API for 3 days. */
    private static ContactRecord.Attachment attachment(WeChatContactSummary.Attachment a) {
        String contentType = switch (a.type()) {
            case "image" -> "image/*";
            case "voice" -> a.format() == null ? "audio/*" : "audio/" + a.format().toLowerCase(Locale.ROOT);
            case "video", "shortvideo" -> "video/*";
            default -> null;
        };
        String name = a.format() == null ? a.type() : a.type() + "." + a.format().toLowerCase(Locale.ROOT);
        return new ContactRecord.Attachment(name, contentType, null, a.url(), a.mediaId());
    }
}
