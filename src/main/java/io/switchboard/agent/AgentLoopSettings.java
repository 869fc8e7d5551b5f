package io.switchboard.agent;

import java.time.Duration;

/**
 * @param groupId consumer group of switchboard.agent-events; instances in one group share partitions and timers
 * @param warnFraction the fraction of an SLA after which {@code sla-warning} goes out
 * @param surveyDelay time after {@code resolved} before the survey request, at most PT24H
 * @param fireBatch the most timers fired in one transaction
 * @param relayPollInterval how long the outbox relay waits for a notification before it looks anyway, and how
 *     often a standby relay tries to take the leadership
 * @param relayBatch the most outbox rows published in one Kafka transaction
 */
public record AgentLoopSettings(String groupId, int maxPollRecords, double warnFraction, Duration surveyDelay,
        int fireBatch, Duration relayPollInterval, int relayBatch) {

    public AgentLoopSettings {
        if (warnFraction <= 0 || warnFraction > 1) {
            throw new IllegalArgumentException("switchboard.escalation.warn-fraction must be in (0, 1], not " + warnFraction);
        }
        if (surveyDelay.isNegative() || surveyDelay.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("switchboard.escalation.survey-delay must be between PT0S and PT24H, not "
                    + surveyDelay);
        }
        if (relayPollInterval.toMillis() < 1 || relayPollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("switchboard.escalation.relay-poll-interval must be between PT0.001S"
                    + " and PT1M, not " + relayPollInterval);
        }
        if (relayBatch < 1) {
            throw new IllegalArgumentException("switchboard.escalation.relay-batch must be at least 1, not " + relayBatch);
        }
    }
}
