package io.switchboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code switchboard.*} setting; names are the contract of docs/contract.md ("Configuration names"). */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** Where the embedded broker and database keep their files. */
    @WithDefault("./data")
    Path dataDir();

    /**
     * Where Camel reads the YAML routes ({@code camel.main.routes-include-pattern}); unset: routes/ of the
     * working directory, else the first routes/ of the application's directory tree (ApplicationFolder).
     */
    Optional<Path> routesDir();

    Kafka kafka();

    Db db();

    Ingress ingress();

    Chat chat();

    Wechat wechat();
    Phone phone();
    Email email();

    Routing routing();

    Pipeline pipeline();

    Escalation escalation();

    Tagging tagging();

    /**
     * Keyed by priority name: {@code high}, {@code medium}, {@code low}. Each duration set here overrides
     * the {@code sla:} table of the routing file, which overrides the defaults of docs/contract.md.
     */
    Customers customers();

    Admin admin();

    Security security();

    Operator operator();

    Dashboard dashboard();

    /** How replies leave the gateway: HTTP timeouts of the channel APIs and the retry policy. */
    Outbound outbound();

    /** The satisfaction survey the agent loop requests after a resolution, sent to the customer on their channel. */
    Survey survey();

    /** "We received your message" sent to the customer when a new conversation reaches an agent queue. */
    Acknowledgement acknowledgement();

    /** Keyed by priority name: {@code high}, {@code medium}, {@code low}. */
    Map<String, SlaTarget> sla();

    interface Kafka {
        @WithDefault("switchboard.")
        String topicPrefix();

        /** Partitions of topics the gateway creates itself (it never changes existing topics). */
        @WithDefault("6")
        int partitions();

        @WithDefault("true")
        boolean createTopics();

        /**
         * {@code retention.ms} of the topics the gateway creates that carry messages, and
         * {@code max.compaction.lag.ms} of the compacted customer context: short, because a copy on a topic cannot
         * be erased, only expire. The two-year record is the PostgreSQL archive ({@code contact_history}), which
         * erasure deletes.
         */
        @WithDefault("P7D")
        Duration retention();

        Embedded embedded();

        interface Embedded {
            @WithDefault("9092")
            int port();

            /** The KRaft controller listener; defaults to the client port + 1. */
            Optional<Integer> controllerPort();

            /**
             * The broker's own classpath, fetched by the build (embedded-kafka/pom.xml); unset: the first
             * kafka-broker/lib in the application's directory tree (target/kafka-broker/lib of a build).
             */
            Optional<Path> libDir();

            @WithDefault("512m")
            String heap();

            @WithDefault("PT60S")
            Duration startTimeout();
        }
    }

    interface Db {
        /** PostgreSQL JDBC URL; unset means the embedded PostgreSQL server under the data dir. */
        Optional<String> url();

        Optional<String> user();

        Optional<String> password();

        @WithDefault("8")
        int maxPoolSize();

        /**
         * Connections of the operator API's own pool (look-ups, context reads, audit, operator actions),
         * apart from the pipeline's, so a flood of look-ups cannot starve the pipeline.
         */
        @WithDefault("4")
        int operatorPoolSize();

        /** Whether the pod is taken out of service while PostgreSQL does not answer (readiness DOWN). */
        @WithDefault("true")
        boolean inReadiness();

        Embedded embedded();

        interface Embedded {
            @WithDefault("5433")
            int port();
        }
    }

    interface Ingress {
        @WithDefault("1048576")
        int maxBodyBytes();

        /** How long a webhook waits for the broker's acknowledgement before answering 503. */
        @WithDefault("PT4S")
        Duration ackTimeout();

        @WithDefault("5")
        int retryAfterSeconds();

        /** Producer {@code linger.ms}: lets concurrent webhooks share one acknowledged batch. */
        @WithDefault("1")
        int lingerMs();
    }

    interface Chat {
        /** HMAC secrets; several allowed while a secret is being rotated. */
        Optional<List<String>> secret();

        @WithDefault("PT5M")
        Duration signatureTolerance();

        /**
         * Where agents' chat replies are POSTed, signed like inbound chat with the first
         * {@code switchboard.chat.secret}; unset: chat replies cannot be sent.
         */
        Optional<String> replyUrl();
    }

    interface Wechat {
        /** Official Accounts and WeCom apps by the name used in {@code /webhooks/wechat/{account}}. */
        Map<String, WechatAccount> accounts();

        /** Largest accepted callback body; WeChat's own pushes are a few KiB. */
        @WithDefault("131072")
        int maxBodyBytes();

        /**
         * Pushes whose {@code timestamp} is further than this from our clock are refused: the plain-mode
         * signature does not cover the body, so without a window one captured URL could be replayed for
         * ever. WeChat's retries re-send the original timestamp within about a minute.
         */
        @WithDefault("PT5M")
        Duration maxClockSkew();

        /**
         * Most pushes remembered (per gateway instance) to answer a repeated {@code (account, timestamp,
         * nonce)} without storing it again; entries leave once their timestamp is outside the window.
         */
        @WithDefault("100000")
        int replayCacheSize();

        /** Base URL of the Official Account API (token, customer-service messages). */
        @WithDefault("https://api.weixin.qq.com")
        String apiUrl();

        /** Base URL of the WeCom API (gettoken, application messages). */
        @WithDefault("https://qyapi.weixin.qq.com")
        String wecomApiUrl();

        /** An access token is replaced this long before WeChat says it expires. */
        @WithDefault("PT5M")
        Duration tokenRefreshMargin();
    }

    interface WechatAccount {
        /** {@code official-account} or {@code wecom}. */
        String kind();

        String token();

        /** The 43-character EncodingAESKey; required for WeCom and for Official Accounts in safe/compatible mode. */
        Optional<String> encodingAesKey();

        /** Official Account appid, or the WeCom corpid (the ReceiveId at the end of every plaintext). */
        Optional<String> appId();

        /**
         * The console's message mode: {@code plain}, {@code compatible} (both forms accepted while WeChat is
         * being switched) or {@code safe} (plaintext pushes refused). Default: {@code safe} when the account
         * has an encoding-aes-key, else {@code plain}; WeCom is always {@code safe}.
         */
        Optional<String> mode();

        /** The AppSecret (Official Account) or the app's Secret (WeCom) that access tokens for sending are got with. */
        Optional<String> appSecret();

        /** WeCom only: the {@code agentid} of the app replies are sent as. */
        Optional<Long> agentId();
    }

    interface Phone {
        /** HMAC secrets for JSON call events on {@code /webhooks/phone}; several while rotating. */
        Optional<List<String>> secret();

        @WithDefault("PT5M")
        Duration signatureTolerance();

        /** Region for numbers written without a country code. */
        @WithDefault("CN")
        String defaultRegion();

        /** The company's own public numbers: calls from them are outbound, calls to them inbound. */
        Optional<List<String>> ownNumbers();

        Twilio twilio();

        Sms sms();

        Cdr cdr();

        interface Twilio {
            /** Auth token that signs {@code X-Twilio-Signature}. */
            Optional<String> authToken();

            /**
             * The webhook's URL exactly as configured at Twilio (scheme, host, port, path; the request's
             * query string is appended). Unset: rebuilt from Host and X-Forwarded-* headers.
             */
            Optional<String> publicUrl();
        }

        /** Replies to phone contacts, as SMS through the Twilio Messages API. */
        interface Sms {
            @WithDefault("https://api.twilio.com")
            String apiUrl();

            /** The Twilio account ({@code AC…}) messages are sent from; the user name of Basic auth. */
            Optional<String> accountSid();

            /** The account's auth token: Basic auth password, and the key status callbacks are signed with. */
            Optional<String> authToken();

            /** The sending number (E.164); unused when {@code messaging-service-sid} is set. */
            Optional<String> from();

            /** A Messaging Service ({@code MG…}) that picks the sending number; wins over {@code from}. */
            Optional<String> messagingServiceSid();

            /**
             * Public URL of {@code POST /webhooks/phone/sms-status} exactly as Twilio calls it: each SMS's
             * {@code StatusCallback}, and the URL its signature is checked over. Unset: no statuses are asked for.
             */
            Optional<String> statusCallbackUrl();
        }

        interface Cdr {
            /** Watched folder for CDR CSV files; subfolders named in {@code inboxes} get their own layout. */
            Path inbox();

            /** Where a file goes once every call in it is durable in Kafka. */
            Path done();

            /** Where a file with unreadable rows goes, next to a report of them. */
            Path error();

            /** Layout of files dropped straight into the inbox: asterisk, freeswitch, or a name under layouts. */
            @WithDefault("asterisk")
            String layout();

            /** Zone the PBX writes local times in; unset means the gateway's zone. */
            Optional<String> timeZone();

            /**
             * A file is read only once it has not changed for this long (it may still be being written);
             * a Camel duration such as {@code 10s} or {@code 1500ms}, because the file route reads it too.
             */
            @WithDefault("10s")
            String minAge();

            /** Subfolder of the inbox → its layout, zone and region (e.g. one per PBX). */
            Map<String, Inbox> inboxes();

            /** Custom column mappings by name: field → 0-based column, plus timeFormat, timeZone, skipLines. */
            Map<String, Map<String, String>> layouts();

            interface Inbox {
                @WithDefault("asterisk")
                String layout();

                Optional<String> timeZone();

                /** Overrides {@code switchboard.phone.default-region} for this PBX's numbers. */
                Optional<String> defaultRegion();
            }
        }
    }

    interface Email {
        /** IMAP mailboxes to poll, keyed by a short name used in route ids ({@code email-inbound-<name>}). */
        Map<String, Mailbox> mailboxes();

        interface Mailbox {
            /** {@code imap} or {@code imaps}. */
            @WithDefault("imaps")
            String protocol();

            String host();

            /** Unset: the protocol's default port (143 for imap, 993 for imaps). */
            Optional<Integer> port();

            String username();

            /** From the environment, e.g. {@code SWITCHBOARD_EMAIL_MAILBOXES_SUPPORT_PASSWORD}. */
            String password();

            @WithDefault("INBOX")
            String folder();

            /** Where stored messages are moved; unset leaves them in the folder, flagged seen. */
            Optional<String> processedFolder();

            /** The mailbox's own address, the {@code to} of its contacts; defaults to the username. */
            Optional<String> address();

            @WithDefault("PT30S")
            Duration pollInterval();

            /** Bounds one poll, so a long outage backlog is taken in slices. */
            @WithDefault("50")
            int maxMessagesPerPoll();

            /** How replies to this mailbox's mail are sent; unset: they cannot be. */
            Optional<Smtp> smtp();

            /**
             * authserv-ids of the servers that receive this mailbox's mail (e.g. {@code mx.google.com}) whose
             * {@code Authentication-Results} prove a sender (DMARC, or aligned DKIM/SPF pass); unset: every
             * {@code From} counts as unauthenticated and never merges customers.
             */
            Optional<List<String>> trustedAuthservIds();
        }

        interface Smtp {
            String host();

            /** Unset: 587 for starttls, 465 for ssl, 25 for none. */
            Optional<Integer> port();

            /** {@code starttls} (required, never downgraded), {@code ssl} (TLS from the first byte) or {@code none}. */
            @WithDefault("starttls")
            String security();

            /** Unset: the server is used without authentication. */
            Optional<String> username();

            /** From the environment, e.g. {@code SWITCHBOARD_EMAIL_MAILBOXES_SUPPORT_SMTP_PASSWORD}. */
            Optional<String> password();

            /** The replies' From address; its domain is the domain of their Message-IDs. Default: the mailbox's address. */
            Optional<String> from();
        }
    }

    interface Pipeline {
        /** Consumers of inbound.raw in this gateway (group switchboard-pipeline); 0 runs intake only. */
        @WithDefault("2")
        int threads();

        /** The largest batch the pipeline takes from one poll. */
        @WithDefault("500")
        int maxPollRecords();

        /**
         * Prefix of the pipeline workers' Kafka transactional ids; must differ between live instances and
         * must survive a restart: the instance that takes a crashed one's place aborts the transactions it
         * left open as soon as it starts, instead of every read_committed reader of the agent queues and
         * contacts waiting for transaction-timeout. Default: the host name and the HTTP port, stable on one
         * machine and for a StatefulSet pod (k8s/base sets the pod name), not for a Deployment's pods.
         */
        Optional<String> transactionalId();

        /**
         * The longest a pipeline transaction may stay open before the broker aborts it (the producers'
         * transaction.timeout.ms): how long read_committed readers wait behind a transaction that no
         * successor aborts (a pod removed by a scale-down or lost with its node). Must exceed the slowest
         * batch, or the broker aborts batches in progress, which are then retried.
         */
        @WithDefault("PT15S")
        Duration transactionTimeout();
    }

    /** The agent-event loop: conversation states, SLA warnings and breaches, next-target moves, surveys. */
    interface Escalation {
        /** Whether this instance consumes switchboard.agent-events and fires its share of the timers. */
        @WithDefault("true")
        boolean enabled();

        /** Instances in this consumer group share agent-events partitions and the timers that belong to them. */
        @WithDefault("switchboard-agent-loop")
        String groupId();

        @WithDefault("500")
        int maxPollRecords();

        /** Fraction of an SLA (started → due) after which sla-warning is published. */
        @WithDefault("0.8")
        double warnFraction();

        /** Delay between resolved and the survey request; PT0S (immediate) up to PT24H. */
        @WithDefault("PT0S")
        Duration surveyDelay();

        /** The most due timers fired in one database transaction. */
        @WithDefault("500")
        int fireBatch();

        /**
         * The outbox relay wakes on each loop commit (LISTEN/NOTIFY); without one it looks anyway after this
         * long. Also how often a standby instance's relay tries to take over the leadership.
         */
        @WithDefault("PT1S")
        Duration relayPollInterval();

        /** The most outbox rows (escalations, surveys, re-routed records) published in one Kafka transaction. */
        @WithDefault("500")
        int relayBatch();
    }

    interface Routing {
        /** The only queue when config/routing.yaml declares no queues: section. */
        @WithDefault("general")
        String defaultQueue();

        /** Records with any of these tags are recorded on contacts but sent to no agent queue. */
        @WithDefault("email.bounce,email.auto-reply,email.read-receipt,email.feedback-report")
        List<String> unroutedTags();

        /** Queues, priority policy, SLA table and business hours; re-read when it changes. */
        @WithDefault("config/routing.yaml")
        Path file();
    }

    interface Tagging {
        /** Problem families, types and keyword rules; re-read when it changes. */
        @WithDefault("config/taxonomy.yaml")
        Path taxonomyFile();

        /** Sentiment and anger lexicons; re-read when it changes. */
        @WithDefault("config/sentiment.yaml")
        Path sentimentFile();

        /** Labeled examples (text,label) the intent model is trained from when there is no model file. */
        @WithDefault("config/intent-training.csv")
        Path trainingFile();

        /** The trained intent model; default {@code <data-dir>/models/intents.bin}. */
        Optional<Path> modelFile();

        /** How often the taxonomy, sentiment and routing files are checked for changes. */
        @WithDefault("PT5S")
        Duration reloadInterval();
    }

    interface Customers {
        /** A contact within this time of the open conversation's last contact joins it. */
        @WithDefault("PT72H")
        Duration conversationWindow();

        /** How many earlier contacts the context snapshot lists. */
        @WithDefault("5")
        int recentContacts();

        /** Earlier contacts after which a customer counts as {@code regular} rather than {@code returning}. */
        @WithDefault("5")
        int regularAfter();

        /** Identities ({@code type:value}, e.g. {@code phone:+8613800138000}) whose customers are VIPs. */
        Optional<List<String>> vipIdentities();

        /** Identity types that name a person; others on a record (widgets, extensions) never key a customer. */
        @WithDefault("phone,email,wechat-openid,wechat-unionid,chat-visitor,crm")
        List<String> identityTypes();

        /**
         * Personal data is kept this many days: customers with no contact for that long are erased by age, and
         * older rows of those still in touch are deleted (counts are kept).
         */
        @WithDefault("730")
        int retentionDays();

        @WithDefault("PT6H")
        Duration retentionInterval();

        /**
         * Days the hashes of an erased customer's identities are kept, so that their messages still on a
         * topic (inbound.raw, dead letters) are dropped when processed again: at least the longest
         * retention of those topics.
         */
        @WithDefault("30")
        int erasureTombstoneDays();
    }

    interface Admin {
        /** A plain admin key, kept working beside the hashed named keys of {@code switchboard.security.keys}. */
        Optional<String> apiKey();
    }

    interface Security {
        /** Named operator API keys: {@code switchboard.security.keys.<name>.role} and {@code .hash}. */
        Map<String, ApiKey> keys();

        /** Customer look-ups and context reads allowed per second and key (a token bucket). */
        @WithDefault("20")
        double lookupsPerSecond();

        /** How many look-ups a key may make at once before the per-second rate applies. */
        @WithDefault("40")
        int lookupBurst();
    }

    interface ApiKey {
        /** {@code metrics}, {@code agent}, {@code supervisor} or {@code admin}. */
        String role();

        /** {@code sha256:<hex>} of the key; {@code bin/new-api-key} prints a key and its hash. */
        String hash();
    }

    interface Operator {
        /**
         * Port of everything that is not a webhook or a health probe: the operator API, replies, the
         * dashboard and {@code /q/metrics} (Quarkus's management interface).
         */
        @WithDefault("8081")
        int port();
    }

    interface Dashboard {
        /** How often the dashboard page asks for fresh numbers. */
        @WithDefault("PT5S")
        Duration refresh();
    }

    interface Outbound {
        /** Connecting to a channel API or SMTP server takes at most this long. */
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** An answer (HTTP response headers, each SMTP reply) takes at most this long; then the attempt is retried. */
        @WithDefault("PT10S")
        Duration readTimeout();

        Retry retry();

        /** How often the outbound-dispatch route looks for replies that are due. */
        @WithDefault("PT0.2S")
        Duration dispatchInterval();

        /** Replies one dispatch run claims at most, per channel. */
        @WithDefault("100")
        int dispatchBatch();

        /** Replies a channel sends at once, each of another conversation (a conversation's go out one by one). */
        @WithDefault("8")
        int concurrency();

        /**
         * How long a claim on a reply lasts; a gateway that dies mid-attempt lets it expire and another retries. Longer
         * than connect-timeout + read-timeout, or a slow attempt would be taken over while it still runs.
         */
        @WithDefault("PT1M")
        Duration lease();

        /** Exponential backoff with full jitter, capped, at least the provider's Retry-After. */
        interface Retry {
            /** The backoff bound after the first failed attempt; it doubles with each further one. */
            @WithDefault("PT1S")
            Duration initialBackoff();

            @WithDefault("PT5M")
            Duration maxBackoff();

            /** Attempts in all, the first included. */
            @WithDefault("10")
            int maxAttempts();

            /** No attempt starts later than this after the first. */
            @WithDefault("PT30M")
            Duration deadline();
        }
    }

    interface Survey {
        /** Send each survey request of switchboard.surveys to the customer; false leaves the topic to agent tools. */
        @WithDefault("true")
        boolean send();

        /** The question by language (ISO 639-1), as the customer reads it; the packaged defaults have zh and en. */
        Map<String, String> text();

        /** The question's language for a customer whose language is unknown or has no text. */
        @WithDefault("zh")
        String defaultLanguage();

        /** How long after the survey request a 1–5 from the customer counts as their answer. */
        @WithDefault("PT72H")
        Duration answerWindow();
    }

    interface Acknowledgement {
        /** Off by default: a contact centre turns it on once its texts say what it promises. */
        @WithDefault("false")
        boolean enabled();

        /** The channels acknowledged (phone: by SMS to the caller). */
        @WithDefault("chat,wechat,email,phone")
        List<String> channels();

        /** The text by language (ISO 639-1); {respondBy} becomes the first-response deadline. */
        Map<String, String> text();

        /** The text's language for a customer whose language is unknown or has no text. */
        @WithDefault("zh")
        String defaultLanguage();

        /** The time zone {respondBy} is written in. */
        @WithDefault("Asia/Shanghai")
        String zone();
    }

    interface SlaTarget {
        Optional<Duration> respondWithin();

        Optional<Duration> resolveWithin();
    }
}
