package cn.shuangkong.monitoring.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Ingestion consumers of the readings topic (ADR 0021): each is a member of one consumer group across all instances,
 * so each partition — and with it each point — is read by one consumer, in order. A consumer polls up to
 * {@code maxBatch} records, stores and judges them with {@link Ingestion#store} (one transaction), and only after that
 * commit commits their offsets. An instance that dies between the two leaves the batch to be read again by whichever
 * consumer takes the partition over; the replay is harmless, because a reading already stored is skipped and only
 * the transaction that stored a reading judges it (ADR 0020). So nothing the broker acknowledged is lost and nothing
 * is doubled.
 */
@Component
@Conditional(KafkaSettings.Configured.class)
public class KafkaIngestion implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaIngestion.class);
    /** Failed attempts at one batch before it is stored reading by reading, so one bad reading cannot stall a partition. */

    /** Counters since start: records read, readings stored, records already stored (replays), failures. */
    public record Stats(long received, long stored, long replayed, long failedBatches, long skipped) { }

    private final KafkaSettings settings;
    private final Ingestion ingestion;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running;

    public KafkaIngestion(KafkaSettings settings, Ingestion ingestion) {
        this.settings = settings;
        this.ingestion = ingestion;
    }

    public Stats stats() {
        return new Stats(received.get(), stored.get(), replayed.get(), failedBatches.get(), skipped.get());
    }

    /** The consumers of this instance that are running. */
    public List<Worker> workers() {
        return workers.stream().filter(Worker::alive).toList();
    }

    /** Starts one more consumer in the given group (the configured one, or another that reads the topic again). */
    public Worker startWorker(String group) {
        var w = new Worker(group, workers.size());
        workers.add(w);
        w.thread.start();
        return w;
    }

    @Override
    public void start() {
        KafkaReadings.ensureTopic(settings);
        running = true;
        for (int i = 0; i < Math.max(1, settings.consumers()); i++) startWorker(settings.group());
        log.info("Kafka: {} ingestion consumer(s) in group {} on topic {}", settings.consumers(), settings.group(), settings.topic());
    }

    @Override
    public void stop() {
        running = false;
        workers.forEach(Worker::stop);
        for (Worker w : workers) {
            try {
                w.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the MQTT client and the bridge: what they sent is stored before the consumers leave. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }

    /** One consumer on its own thread: a Kafka consumer is not to be shared between threads. */
    public final class Worker implements Runnable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        private volatile boolean stopping;
        private volatile boolean dieAfterNextStore;
        private volatile boolean alive = true;

        public Worker(String group, int index) {
            var props = KafkaReadings.common(settings);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "shuangkong-ingestion-" + ProcessHandle.current().pid() + "-" + index);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // committed by hand, after the database commit
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group reads all the topic still holds
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            thread = new Thread(this, "monitoring-kafka-" + index);
            thread.setDaemon(true);
        }

        /** The partitions this consumer holds now. */
        public Set<TopicPartition> assigned() {
            return Set.copyOf(assigned);
        }

        public boolean alive() {
            return alive;
        }

        /** Leaves the group after the batch in hand is stored and committed. */
        public void stop() {
            stopping = true;
        }

        /**
         * Dies as an instance killed at the worst moment would: right after its next batch's database commit, before
         * the offset commit, without committing anything (the group gives its partitions to the others).
         */
        public void dieAfterNextStore() {
            dieAfterNextStore = true;
        }

        public void join() throws InterruptedException {
            thread.join(10_000);
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
                    public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                        assigned.removeAll(partitions);
                    }
                    public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                        assigned.addAll(partitions);
                    }
                    public void onPartitionsLost(java.util.Collection<TopicPartition> partitions) {
                        assigned.removeAll(partitions);
                    }
                });
                int failures = 0;
                while (!stopping) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty()) continue;
                    received.addAndGet(records.count());
                    List<Ingestion.Reading> batch = decode(records);
                    try {
                        int n = failures < Ingestion.WHOLE_BATCH_ATTEMPTS ? ingestion.store(batch) : ingestion.storeEach(batch, r -> skipped.incrementAndGet());
                        failures = 0;
                        stored.addAndGet(n);
                        replayed.addAndGet(batch.size() - n);
                    } catch (RuntimeException e) {
                        failures++;
                        failedBatches.incrementAndGet();
                        log.error("Kafka readings batch of {} failed (attempt {}); it is read again", batch.size(), failures, e);
                        rewind(records);
                        if (!Ingestion.pause(failures)) stopping = true;
                        continue;
                    }
                    if (dieAfterNextStore) return;
                    commit(records);
                }
            } catch (RuntimeException e) {
                log.error("Kafka ingestion consumer {} stopped", thread.getName(), e);
            } finally {
                alive = false;
                assigned.clear();
                consumer.close(Duration.ofSeconds(5)); // leaves the group; commits nothing (no auto-commit)
            }
        }

        private List<Ingestion.Reading> decode(ConsumerRecords<String, byte[]> records) {
            List<Ingestion.Reading> batch = new ArrayList<>(records.count());
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    batch.add(KafkaReadings.decode(r.value()));
                } catch (RuntimeException e) { // written by no bridge of ours: dropped, never allowed to stall the partition
                    long n = skipped.incrementAndGet();
                    if (n <= 20 || n % 1000 == 0) log.warn("Kafka record {}-{}@{} is not a reading, skipped: {}", r.topic(), r.partition(), r.offset(), e.toString());
                }
            }
            return batch;
        }

        /** Back to the first record of the failed batch on every partition, so the next poll reads it again. */
        private void rewind(ConsumerRecords<String, byte[]> records) {
            for (TopicPartition tp : records.partitions()) consumer.seek(tp, records.records(tp).get(0).offset());
        }

        private void commit(ConsumerRecords<String, byte[]> records) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                var list = records.records(tp);
                offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            }
            try {
                consumer.commitSync(offsets);
            } catch (KafkaException e) {
                // A rebalance got in between. Partitions that moved are read again by their new owner, which finds the
                // batch stored; those this consumer kept are read again here, so their commit catches up too.
                log.warn("Kafka offset commit failed, the batch will be read again (harmless): {}", e.toString());
                var kept = consumer.assignment();
                for (TopicPartition tp : records.partitions()) {
                    if (kept.contains(tp)) consumer.seek(tp, records.records(tp).get(0).offset());
                }
            }
        }
    }
}
