namespace Streaming.Kafka.Configuration;

internal static partial class KafkaConfigMapper
{
    /// <summary>
    /// The producer's settings (checked with the same rules and messages as on every transport) and its librdkafka
    /// configuration. Mapped keys, ours → librdkafka (default):
    /// <list type="bullet">
    /// <item><c>acks</c> → <c>acks</c> (all; librdkafka's default is all too, written explicitly)</item>
    /// <item><c>linger.ms</c> → <c>linger.ms</c> (5)</item>
    /// <item><c>batch.size</c> → <c>batch.size</c>, bytes per partition batch (16384; librdkafka: 1000000)</item>
    /// <item><c>buffer.memory</c> bytes → <c>queue.buffering.max.kbytes</c> KiB, rounded up (32 MiB → 32768; librdkafka: 1 GiB),
    /// with <c>queue.buffering.max.messages</c> at its maximum, as Java has no count limit</item>
    /// <item><c>max.block.ms</c> → emulated: a send retries on a full queue until it passes (60000), then <see cref="BufferExhaustedException"/></item>
    /// <item><c>max.request.size</c> → checked per record by the transport, and <c>message.max.bytes</c> (1048576; at least librdkafka's minimum 1000)</item>
    /// <item><c>compression.type</c> → <c>compression.type</c> (none)</item>
    /// <item><c>enable.idempotence</c> → <c>enable.idempotence</c> (true with acks=all; librdkafka: false)</item>
    /// <item><c>max.in.flight.requests.per.connection</c> → same (5; librdkafka: 1000000)</item>
    /// <item>keyed records → <c>partitioner=murmur2_random</c> (Kafka's murmur2; librdkafka: consistent_random, CRC32)</item>
    /// <item><c>partitioner.class</c> sticky → <c>sticky.partitioning.linger.ms</c> = 2 × linger.ms (at least 1); round-robin is not supported</item>
    /// <item><c>transactional.id</c>, <c>transaction.timeout.ms</c> (60000) → same</item>
    /// <item><c>delivery.timeout.ms</c> → <c>message.timeout.ms</c> (120000; librdkafka: 300000), at most
    /// <c>transaction.timeout.ms</c> for a transactional producer (librdkafka requires it)</item>
    /// <item><c>delivery.guarantee</c> at-most-once → acks=1, idempotence off, <c>retries=0</c></item>
    /// </list>
    /// </summary>
    public static KafkaProducerConfig ToProducer(KafkaTransportOptions options, ProducerConfig config)
    {
        var settings = ProducerSettings.From(config);
        if (settings.Partitioner == Partitioner.RoundRobin)
            throw new FeatureNotSupportedException("partitioner.class round-robin is not available on the Kafka transport: librdkafka has no round-robin " +
                "partitioner for keyless records; use the default (sticky) or give the records keys");
        var guarantee = config.DeliveryGuarantee ?? DeliveryGuarantee.AtLeastOnce;
        int maxInFlight = config.GetInt("max.in.flight.requests.per.connection", 5, 1);
        var result = Start(options, config, out _);
        result["client.id"] = settings.ClientId;
        result["acks"] = settings.Acks switch { Acks.All => "all", Acks.Leader => "1", _ => "0" };
        result["linger.ms"] = Format((long)settings.Linger.TotalMilliseconds);
        result["batch.size"] = Format(settings.BatchSize);
        result["queue.buffering.max.kbytes"] = Format(Math.Max(1, (settings.BufferMemory + 1023) / 1024));
        result["queue.buffering.max.messages"] = Format(int.MaxValue);
        result["message.max.bytes"] = Format(Math.Max(1000, settings.MaxRequestSize));
        result["compression.type"] = settings.Compression.ToString().ToLowerInvariant();
        result["enable.idempotence"] = Format(settings.EnableIdempotence);
        result["max.in.flight.requests.per.connection"] = Format(maxInFlight);
        result["partitioner"] = "murmur2_random";
        result["sticky.partitioning.linger.ms"] = Format(Math.Max(1, 2 * (long)settings.Linger.TotalMilliseconds));
        int deliveryTimeout = config.GetInt("delivery.timeout.ms", 120_000, 1);
        if (settings.TransactionalId is { } transactionalId)
        {
            result["transactional.id"] = transactionalId;
            result["transaction.timeout.ms"] = Format(settings.TransactionTimeoutMs);
            // librdkafka requires it (Java does not): a record cannot outlive the transaction it belongs to anyway.
            deliveryTimeout = Math.Min(deliveryTimeout, settings.TransactionTimeoutMs);
        }
        result["message.timeout.ms"] = Format(deliveryTimeout);
        if (guarantee == DeliveryGuarantee.AtMostOnce) result["retries"] = "0";
        else if (config.Get("retries") is not null) result["retries"] = Format(config.GetInt("retries", 0, 0));
        return new KafkaProducerConfig(settings, result);
    }
}
