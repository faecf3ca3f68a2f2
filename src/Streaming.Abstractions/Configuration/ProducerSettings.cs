namespace Streaming;

/// <summary>
/// A producer's configuration, read and checked once when the producer is built: defaults applied and the
/// delivery-guarantee rules enforced. Every transport builds its producers from it, so the same configuration means the
/// same thing (and fails with the same message) on each.
/// </summary>
public sealed record ProducerSettings
{
    public required string ClientId { get; init; }
    public required Acks Acks { get; init; }
    public required TimeSpan Linger { get; init; }
    public required int BatchSize { get; init; }
    public required long BufferMemory { get; init; }
    public required TimeSpan MaxBlock { get; init; }
    public required int MaxRequestSize { get; init; }
    public required CompressionType Compression { get; init; }
    public required Partitioner Partitioner { get; init; }
    public required bool EnableIdempotence { get; init; }
    public required string? TransactionalId { get; init; }
    public required int TransactionTimeoutMs { get; init; }

    private static int _clientCounter;

    /// <summary>Reads and checks <paramref name="config"/>.</summary>
    /// <exception cref="InvalidConfigurationException">A value is malformed, out of range or conflicts with the delivery guarantee.</exception>
    public static ProducerSettings From(ProducerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var guarantee = config.DeliveryGuarantee;
        string? transactionalId = config.TransactionalId;
        if (transactionalId is not null && string.IsNullOrWhiteSpace(transactionalId))
            throw new InvalidConfigurationException("'transactional.id' is empty: leave it unset or give the producer a stable name");
        if (guarantee == DeliveryGuarantee.ExactlyOnce && transactionalId is null)
            throw new InvalidConfigurationException("delivery.guarantee exactly-once needs a transactional producer: set 'transactional.id' (stable across restarts of this instance)");
        if (transactionalId is not null && guarantee == DeliveryGuarantee.AtMostOnce)
            throw new InvalidConfigurationException("'transactional.id' is set but delivery.guarantee is at-most-once: a transactional producer needs acks=all and idempotence");
        if (transactionalId is not null && (config.EnableIdempotence == false || config.Acks is Acks.None or Acks.Leader))
            throw new InvalidConfigurationException($"'transactional.id' is set, which needs enable.idempotence=true and acks=all, but {(config.EnableIdempotence == false ? "enable.idempotence=false" : "a weaker acks")} is set too");
        if (guarantee == DeliveryGuarantee.ExactlyOnce) guarantee = DeliveryGuarantee.AtLeastOnce; // the same producer settings, plus transactions
        if (guarantee == DeliveryGuarantee.AtMostOnce && (config.Acks == Acks.All || config.EnableIdempotence == true))
            throw new InvalidConfigurationException("delivery.guarantee at-most-once means acks 0 or 1 without idempotence, but acks=all or enable.idempotence=true is set too");
        if (guarantee == DeliveryGuarantee.AtLeastOnce && (config.Acks is Acks.None or Acks.Leader || config.EnableIdempotence == false))
            throw new InvalidConfigurationException("delivery.guarantee at-least-once means acks=all with idempotence, but a weaker acks or enable.idempotence=false is set too");
        var acks = config.Acks ?? (guarantee == DeliveryGuarantee.AtMostOnce ? Acks.Leader : Acks.All);
        int maxInFlight = config.GetInt("max.in.flight.requests.per.connection", 5, 1);
        // As Kafka's producer: idempotence by default only where it can hold (acks=all, at most 5 batches in flight per
        // partition, the broker's dedup window); asked for explicitly, a conflict is an error. In process, batches of a
        // partition are appended one at a time in order, so the limit changes nothing else.
        bool idempotence = config.EnableIdempotence ?? (acks == Acks.All && maxInFlight <= 5);
        if (config.EnableIdempotence == true && acks != Acks.All)
            throw new InvalidConfigurationException($"enable.idempotence=true needs acks=all, but acks is {(int)acks}");
        if (guarantee == DeliveryGuarantee.AtLeastOnce && maxInFlight > 5)
            throw new InvalidConfigurationException($"delivery.guarantee at-least-once means an idempotent producer, which needs max.in.flight.requests.per.connection of at most 5, but it is {maxInFlight}");
        if (idempotence && maxInFlight > 5)
            throw new InvalidConfigurationException($"enable.idempotence=true needs max.in.flight.requests.per.connection of at most 5, but it is {maxInFlight}");
        return new ProducerSettings
        {
            ClientId = config.ClientId ?? $"producer-{Interlocked.Increment(ref _clientCounter)}",
            Acks = acks,
            Linger = TimeSpan.FromMilliseconds(config.GetInt("linger.ms", 5, 0)),
            BatchSize = config.GetInt("batch.size", 16384, 1),
            BufferMemory = config.GetLong("buffer.memory", 32L * 1024 * 1024, 1),
            MaxBlock = TimeSpan.FromMilliseconds(config.GetLong("max.block.ms", 60_000, 0)),
            MaxRequestSize = config.GetInt("max.request.size", 1024 * 1024, 1),
            Compression = config.CompressionType ?? CompressionType.None,
            Partitioner = config.Partitioner ?? Partitioner.Sticky,
            EnableIdempotence = idempotence,
            TransactionalId = transactionalId,
            TransactionTimeoutMs = config.GetInt("transaction.timeout.ms", 60_000, 1),
        };
    }
}
