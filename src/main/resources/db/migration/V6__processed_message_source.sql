-- Which raw message (inbound.raw topic/partition/offset) claimed each message key. The pipeline writes
-- this row inside its Kafka transaction's lifetime: when that transaction aborts, the same raw message
-- is read again and must be allowed through, while another raw message with the same key (a channel's
-- retry) is still a duplicate. Rows from before V6 have no source and count as published.
ALTER TABLE processed_message ADD COLUMN source TEXT;
