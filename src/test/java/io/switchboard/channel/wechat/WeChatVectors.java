package io.switchboard.channel.wechat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Published test vectors, as recorded (and recomputed) in docs/protocols.md §1.7 and §2.
 * Letters follow that document: A key derivation, B Tencent MP sample, D wechatpy enterprise crypto,
 * E official WeCom sample.
 */
final class WeChatVectors {

    private WeChatVectors() {
    }

    // --- §1.1 wechatpy tests/test_utils.py
    static final String SIG_TOKEN = "test";
    static final String SIG_TIMESTAMP = "1410685589";
    static final String SIG_NONCE = "test";
    static final String SIG_EXPECTED = "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff";

    // --- A
    static final String A_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String A_KEY_HEX = "69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051";

    // --- B Tencent MP Sample.py
    static final String B_TOKEN = "spamtest";
    static final String B_KEY = A_KEY;
    static final String B_APPID = "wx2c2769f8efd9abc2";
    static final String B_TIMESTAMP = "1409735669";
    static final String B_NONCE = "1320562132";
    static final String B_MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
    static final String B_ENCRYPT = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";
    static final String B_RANDOM_PREFIX = "89465c840c5f116f";
    static final String B_PLAINTEXT = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n"
            + "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n"
            + "<CreateTime>1409735668</CreateTime>\n"
            + "<MsgType><![CDATA[text]]></MsgType>\n"
            + "<Content><![CDATA[abcdteT]]></Content>\n"
            + "<MsgId>6054768590064713728</MsgId>\n"
            + "</xml>";

    // --- D wechatpy tests/test_crypto.py (PrpCryptoMock: random = "1234567890123456")
    static final String D_TOKEN = "123456";
    static final String D_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
    static final String D_CORP_ID = "wx49f0ab532d5d035a";
    static final String D_NONCE = "461056294";
    static final String D_TIMESTAMP = "1411525903";
    static final String D_RANDOM = "1234567890123456";
    static final String D_PLAINTEXT = "<xml>\n"
            + "<MsgType><![CDATA[text]]></MsgType>\n"
            + "<Content><![CDATA[test]]></Content>\n"
            + "<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n"
            + "<ToUserName><![CDATA[messense]]></ToUserName>\n"
            + "<AgentID>1</AgentID>\n"
            + "<CreateTime>1411525903</CreateTime>\n"
            + "</xml>";
    static final String D_ENCRYPT = "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3";
    static final String D_MSG_SIGNATURE = "407518b7649e86ef23978113f92d27afa9296533";
    /** Decrypt case of the same file; its Encrypt is in fixture crypto__decrypt_message.xml. */
    static final String D_DECRYPT_SIGNATURE = "74d92dfeb87ba7c714f89d98870ae5eb62dff26d";
    static final String D_GET_SIGNATURE = "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96";
    static final String D_GET_TIMESTAMP = "1411443780";
    static final String D_GET_NONCE = "437374425";
    static final String D_GET_ECHOSTR = "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==";
    static final String D_GET_PLAINTEXT = "5927782489442352469";

    // --- E official WeCom sample (weworkapi Sample.php)
    static final String E_TOKEN = "QDG6eK";
    static final String E_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String E_CORP_ID = "wx5823bf96d3bd56c7";
    static final String E_GET_SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
    static final String E_GET_TIMESTAMP = "1409659589";
    static final String E_GET_NONCE = "263014780";
    static final String E_GET_ECHOSTR = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    static final String E_GET_PLAINTEXT = "1616140317555161061";
    static final String E_POST_SIGNATURE = "477715d11cdb4164915debcba66cb864d751f3e6";
    static final String E_POST_TIMESTAMP = "1409659813";
    static final String E_POST_NONCE = "1372623149";
    static final String E_POST_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    static final String E_POST_PLAINTEXT = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n"
            + "<FromUserName><![CDATA[mycreate]]></FromUserName>\n"
            + "<CreateTime>1409659813</CreateTime>\n"
            + "<MsgType><![CDATA[text]]></MsgType>\n"
            + "<Content><![CDATA[hello]]></Content>\n"
            + "<MsgId>4561255354251345929</MsgId>\n"
            + "<AgentID>218</AgentID>\n"
            + "</xml>";

    /** Random source that writes a fixed ASCII prefix, like wechatpy's PrpCryptoMock. */
    static WeChatCipher.RandomSource fixedRandom(String prefix) {
        byte[] fixed = prefix.getBytes(StandardCharsets.US_ASCII);
        return bytes -> System.arraycopy(fixed, 0, bytes, 0, bytes.length);
    }

    /**
     * shared/data: system property {@code switchboard.shared-data} (default {@code ../shared/data}),
     * falling back to /work/shared/data.
     */
    static Path sharedData() {
        Path configured = Paths.get(System.getProperty("switchboard.shared-data", "../shared/data"));
        if (Files.isDirectory(configured.resolve("wechat"))) {
            return configured;
        }
        Path fallback = Paths.get("/work/shared/data");
        if (Files.isDirectory(fallback.resolve("wechat"))) {
            return fallback;
        }
        throw new IllegalStateException("shared data not found at " + configured.toAbsolutePath()
                + " or " + fallback + "; set -Dswitchboard.shared-data=<dir containing wechat/>");
    }

    static Path wechatFixture(String relative) {
        return sharedData().resolve("wechat").resolve(relative);
    }

    static String readFixture(String relative) {
        try {
            return Files.readString(wechatFixture(relative), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
