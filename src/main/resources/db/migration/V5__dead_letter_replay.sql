-- One row per dead letter replayed, so the same dead letter is never replayed twice by accident.
CREATE TABLE dead_letter_replay (
    dead_letter_partition  INT NOT NULL,
    dead_letter_offset     BIGINT NOT NULL,
    target_topic           TEXT NOT NULL,
    target_partition       INT,
    target_offset          BIGINT,
    replayed_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dead_letter_partition, dead_letter_offset)
);
