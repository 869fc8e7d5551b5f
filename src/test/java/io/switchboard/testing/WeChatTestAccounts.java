package io.switchboard.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The WeChat accounts integration tests post to. Three carry the published test vectors of
 * docs/protocols.md §1.7 and §2 unchanged, so those vectors go through the real HTTP endpoint.
 */
public final class WeChatTestAccounts {

    /** Official Account, plaintext only; token of the wechatpy signature vector (§1.1). */
    public static final String OA_PLAIN = "oa-plain";
    public static final String OA_PLAIN_TOKEN = "test";

    /** Official Account with a key in compatible mode: fixtures in plain, compatible and safe mode. */
    public static final String OA = "oa";
    public static final String OA_TOKEN = "switchboard-oa-token";
    public static final String OA_KEY = "z0uVIaypjc2kuyIKLukNz99swQnZ6tKiYTdBS9YVGGM";
    public static final String OA_APP_ID = "wx5b1a3c7e9d2f4a60";

    /** Official Account with a key and no mode set: safe, so plaintext pushes are refused. */
    public static final String OA_SAFE = "oa-safe";
    public static final String OA_SAFE_TOKEN = "switchboard-oa-safe-token";

    /** Vector B: Tencent's MP sample (Sample.py). */
    public static final String MP_SAMPLE = "mp-sample";
    public static final String MP_SAMPLE_TOKEN = "spamtest";
    public static final String MP_SAMPLE_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public static final String MP_SAMPLE_APP_ID = "wx2c2769f8efd9abc2";

    /** Vector D: wechatpy's enterprise crypto tests (test_crypto.py). */
    public static final String WECHATPY_WORK = "wechatpy-work";
    public static final String WECHATPY_WORK_TOKEN = "123456";
    public static final String WECHATPY_WORK_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
    public static final String WECHATPY_WORK_CORP_ID = "wx49f0ab532d5d035a";
    /**
     * The same app under a second name: wechatpy's two vectors share one timestamp and nonce, so the second
     * is a replayed signature for the first account and has to go to another.
     */
    public static final String WECHATPY_WORK_TWIN = "wechatpy-work-twin";

    /** Vector E: the official WeCom sample (weworkapi Sample.php), PKCS#7 pad value 30. */
    public static final String WECOM_SAMPLE = "wecom-sample";
    public static final String WECOM_SAMPLE_TOKEN = "QDG6eK";
    public static final String WECOM_SAMPLE_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    public static final String WECOM_SAMPLE_CORP_ID = "wx5823bf96d3bd56c7";

    private WeChatTestAccounts() {}

    /** The {@code switchboard.wechat.accounts.*} settings for all of them. */
    public static Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        account(c, OA_PLAIN, "official-account", OA_PLAIN_TOKEN, null, null);
        account(c, OA, "official-account", OA_TOKEN, OA_KEY, OA_APP_ID);
        c.put("switchboard.wechat.accounts." + OA + ".mode", "compatible");
        account(c, OA_SAFE, "official-account", OA_SAFE_TOKEN, OA_KEY, OA_APP_ID);
        account(c, MP_SAMPLE, "official-account", MP_SAMPLE_TOKEN, MP_SAMPLE_KEY, MP_SAMPLE_APP_ID);
        account(c, WECHATPY_WORK, "wecom", WECHATPY_WORK_TOKEN, WECHATPY_WORK_KEY, WECHATPY_WORK_CORP_ID);
        account(c, WECHATPY_WORK_TWIN, "wecom", WECHATPY_WORK_TOKEN, WECHATPY_WORK_KEY, WECHATPY_WORK_CORP_ID);
        account(c, WECOM_SAMPLE, "wecom", WECOM_SAMPLE_TOKEN, WECOM_SAMPLE_KEY, WECOM_SAMPLE_CORP_ID);
        return c;
    }

    private static void account(Map<String, String> c, String name, String kind, String token, String key, String appId) {
        String p = "switchboard.wechat.accounts." + name + ".";
        c.put(p + "kind", kind);
        c.put(p + "token", token);
        if (key != null) {
            c.put(p + "encoding-aes-key", key);
            c.put(p + "app-id", appId);
        }
    }
}
