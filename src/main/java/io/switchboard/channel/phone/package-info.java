/**
 * The phone channel. Its wiring: {@link io.switchboard.channel.phone.CdrInbox} (called by the
 * {@code phone-cdr-inbound} route: one raw message per call, file moved once all are durable),
 * {@link io.switchboard.channel.phone.PhoneWebhook} ({@code POST /webhooks/phone}),
 * {@link io.switchboard.channel.phone.PhoneContactAdapter} (raw message → ContactRecord) and
 * {@link io.switchboard.channel.phone.CdrSources} (layout, zone and region per inbox).
 * Everything else is pure logic without Camel or Quarkus:
 *
 * <ul>
 *   <li>{@link io.switchboard.channel.phone.CdrLayout} – column layouts: Asterisk cdr_csv
 *       (16–21 columns, detected by count), FreeSWITCH mod_cdr_csv {@code example} template
 *       (15 columns, or the 13-column compiled-in default), custom layouts from a config map.</li>
 *   <li>{@link io.switchboard.channel.phone.CdrFileReader} – commons-csv based reader with exact
 *       physical line numbers and per-row {@link io.switchboard.channel.phone.RowError}s.</li>
 *   <li>{@link io.switchboard.channel.phone.CallAssembler} – merges legs into
 *       {@link io.switchboard.channel.phone.CallRecord}s (status, direction, callback flag, stable id).</li>
 *   <li>{@link io.switchboard.channel.phone.PhoneNumbers} – E.164 via libphonenumber, extensions,
 *       anonymous and invalid values.</li>
 *   <li>{@link io.switchboard.channel.phone.FormulaGuard} /
 *       {@link io.switchboard.channel.phone.CallRecordCsvExport} – CSV-injection guard for exports.</li>
 *   <li>{@link io.switchboard.channel.phone.TwilioSignature} – X-Twilio-Signature validation.</li>
 *   <li>{@link io.switchboard.channel.phone.CallEvent} – JSON contract of the generic phone webhook.</li>
 *   <li>{@link io.switchboard.channel.phone.TwilioCallback}, {@link io.switchboard.channel.phone.FormBody},
 *       {@link io.switchboard.channel.phone.PublicUrl} – Twilio status callbacks and the URL they were signed for.</li>
 *   <li>{@link io.switchboard.channel.phone.PhoneContacts} – one call → one ContactRecord.</li>
 * </ul>
 *
 * <p>Asterisk Master.csv (0-based column → field): 0 accountcode, 1 src, 2 dst, 3 dcontext,
 * 4 clid, 5 channel, 6 dstchannel, 7 lastapp, 8 lastdata, 9 start, 10 answer, 11 end,
 * 12 duration, 13 billsec, 14 disposition, 15 amaflags, then 16 uniqueid, 17 userfield when
 * logged, then peeraccount, linkedid, sequence when {@code newcdrcolumns=yes}.
 *
 * <p>FreeSWITCH {@code example}: 0 caller_id_name → CALLER_NAME, 1 caller_id_number → SRC,
 * 2 destination_number → DST, 3 context → DCONTEXT, 4 start_stamp → START, 5 answer_stamp → ANSWER,
 * 6 end_stamp → END, 7 duration, 8 billsec, 9 hangup_cause → HANGUP_CAUSE, 10 uuid → UNIQUE_ID,
 * 11 bleg_uuid → BLEG_UUID, 12 accountcode, 13 read_codec, 14 write_codec.
 */
package io.switchboard.channel.phone;
