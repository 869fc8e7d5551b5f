package io.switchboard.testing.standin;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.WeChatTestAccounts;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Every channel API stand-in, started once per test JVM, and the settings that point the gateway's senders at
 * them: add {@code @QuarkusTestResource(StandIns.class)} (next to {@link GatewayInfrastructure}, whose chat secret
 * the chat backend checks) and reach the servers through the static accessors. From plain code (a benchmark), call
 * {@link #start()} and use the returned settings the same way.
 *
 * <p>Sending accounts: Official Account {@link WeChatTestAccounts#OA} (appid {@link WeChatTestAccounts#OA_APP_ID})
 * with follower {@link #OPENID}; WeCom app {@link WeChatTestAccounts#WECOM_SAMPLE} (corpid
 * {@link WeChatTestAccounts#WECOM_SAMPLE_CORP_ID}, agentid {@link #WECOM_AGENT_ID}) with member {@link #WECOM_USER};
 * Twilio account {@link #TWILIO_ACCOUNT_SID} sending from {@link #SMS_FROM}.
 */
public class StandIns implements QuarkusTestResourceLifecycleManager {

    public static final String OA_APP_SECRET = "oa-app-secret";
    public static final String OPENID = "oyORnuP8q7ou2gfYjqLzSIWZf0rs";
    public static final String WECOM_SECRET = "wecom-app-secret";
    public static final long WECOM_AGENT_ID = 1000002;
    public static final String WECOM_USER = "ZhangSan";
    public static final String TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String TWILIO_AUTH_TOKEN = "twilio-sms-auth-token";
    public static final String SMS_FROM = "+15005550006";

    private static ChatReplyStandIn chat;
    private static OfficialAccountStandIn officialAccount;
    private static WeComStandIn wecom;
    private static TwilioStandIn twilio;

    @Override
    public synchronized Map<String, String> start() {
        if (chat == null) {
            chat = new ChatReplyStandIn(GatewayInfrastructure.CHAT_SECRET).start();
            officialAccount = new OfficialAccountStandIn(Clock.systemUTC()).start();
            officialAccount.app(WeChatTestAccounts.OA_APP_ID, OA_APP_SECRET).follower(OPENID);
            wecom = new WeComStandIn(Clock.systemUTC()).start();
            wecom.app(WeChatTestAccounts.WECOM_SAMPLE_CORP_ID, WECOM_SECRET, WECOM_AGENT_ID).member(WECOM_USER);
            twilio = new TwilioStandIn(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN).start();
            Runtime.getRuntime().addShutdownHook(new Thread(StandIns::stopAll));
        }
        Map<String, String> config = new HashMap<>();
        config.put("switchboard.chat.reply-url", chat.replyUrl());
        config.put("switchboard.wechat.api-url", officialAccount.baseUrl().toString());
        config.put("switchboard.wechat.wecom-api-url", wecom.baseUrl().toString());
        config.put("switchboard.wechat.accounts." + WeChatTestAccounts.OA + ".app-secret", OA_APP_SECRET);
        config.put("switchboard.wechat.accounts." + WeChatTestAccounts.WECOM_SAMPLE + ".app-secret", WECOM_SECRET);
        config.put("switchboard.wechat.accounts." + WeChatTestAccounts.WECOM_SAMPLE + ".agent-id",
                String.valueOf(WECOM_AGENT_ID));
        config.put("switchboard.phone.sms.api-url", twilio.baseUrl().toString());
        config.put("switchboard.phone.sms.account-sid", TWILIO_ACCOUNT_SID);
        config.put("switchboard.phone.sms.auth-token", TWILIO_AUTH_TOKEN);
        config.put("switchboard.phone.sms.from", SMS_FROM);
        return config;
    }

    @Override
    public void stop() {
        // shared by the test classes of this JVM, like the broker; closed when it exits
    }

    public static ChatReplyStandIn chat() {
        return chat;
    }

    public static OfficialAccountStandIn officialAccount() {
        return officialAccount;
    }

    public static WeComStandIn wecom() {
        return wecom;
    }

    public static TwilioStandIn twilio() {
        return twilio;
    }

    private static synchronized void stopAll() {
        for (StandInServer server : new StandInServer[] {chat, officialAccount, wecom, twilio}) {
            if (server != null) {
                server.close();
            }
        }
    }
}
