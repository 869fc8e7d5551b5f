/**
 * The WeChat channel (Official Account server push and WeCom app callbacks). Protocol facts and test
 * vectors: docs/protocols.md §1 and §2.
 *
 * <p>The protocol core is framework-free: {@link io.switchboard.channel.wechat.WeChatSignatures},
 * {@link io.switchboard.channel.wechat.WeChatCipher}, {@link io.switchboard.channel.wechat.WeChatXmlParser},
 * {@link io.switchboard.channel.wechat.WeChatContentMapper} and
 * {@link io.switchboard.channel.wechat.WeChatCallbackVerifier}, which decides per account and mode whether a
 * callback is genuine and returns its plaintext. The gateway wires it in with three beans:
 * {@link io.switchboard.channel.wechat.WeChatAccounts} (configuration),
 * {@link io.switchboard.channel.wechat.WeChatWebhook} (HTTP: verify, store durably, answer {@code success})
 * and {@link io.switchboard.channel.wechat.WeChatContactAdapter} (pipeline: plaintext XML → ContactRecord).
 *
 * <h2>Event texts</h2>
 * <table>
 *   <caption>Event → text (kind EVENT, no attachments)</caption>
 *   <tr><td>subscribe</td><td>"[event subscribe]" + " EventKey" if any; qrscene_X → entity qrScene=X</td></tr>
 *   <tr><td>unsubscribe</td><td>"[event unsubscribe]"</td></tr>
 *   <tr><td>SCAN</td><td>"[event SCAN] EventKey"; entity qrScene=EventKey</td></tr>
 *   <tr><td>LOCATION</td><td>"[event LOCATION] (Latitude,Longitude)"; entities latitude, longitude, precision</td></tr>
 *   <tr><td>CLICK / VIEW</td><td>"[event CLICK] EventKey" / "[event VIEW] url"</td></tr>
 *   <tr><td>kf_create_session / kf_close_session</td><td>"[event kf_…] KfAccount"</td></tr>
 *   <tr><td>kf_switch_session</td><td>"[event kf_switch_session] FromKfAccount -> ToKfAccount"</td></tr>
 *   <tr><td>scancode_push / scancode_waitmsg</td><td>"[event scancode_push] EventKey ScanType: ScanResult"</td></tr>
 *   <tr><td>pic_sysphoto / pic_photo_or_album / pic_weixin</td><td>"[event pic_…] EventKey (N picture(s))"</td></tr>
 *   <tr><td>location_select</td><td>"[event location_select] EventKey Label (x,y)"</td></tr>
 *   <tr><td>anything else</td><td>"[event NAME]" + " EventKey", else + " Status", if present</td></tr>
 *   <tr><td>device_event / device_text</td><td>"[device_event bind] Content", "[device_text] Content"</td></tr>
 * </table>
 * All type-specific raw fields also go to the summary's entities under their WeChat names.
 */
package io.switchboard.channel.wechat;
