namespace Streaming;

/// <summary>Builds a consumer on a transport, with the built-in deserializer for each type unless one is set.</summary>
public sealed class ConsumerBuilder<TKey, TValue>(IStreamingTransport transport, ConsumerConfig config)
{
    private IDeserializer<TKey>? _keyDeserializer;
    private IDeserializer<TValue>? _valueDeserializer;
    private Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>>? _assigned;
    private Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>>? _revoked;
    private Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>>? _lost;
    private readonly List<IPartitionAssignor> _assignors = [];

    /// <summary>Called inside Consume with the partitions assigned (for cooperative assignors: the ones added).</summary>
    public ConsumerBuilder<TKey, TValue> SetPartitionsAssignedHandler(Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>> handler)
    {
        _assigned = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    /// <summary>Called inside Consume with the partitions about to be taken away; commit here if you commit by hand.</summary>
    public ConsumerBuilder<TKey, TValue> SetPartitionsRevokedHandler(Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>> handler)
    {
        _revoked = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    /// <summary>Called with partitions lost without a chance to commit (the member was evicted from the group).</summary>
    public ConsumerBuilder<TKey, TValue> SetPartitionsLostHandler(Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>> handler)
    {
        _lost = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    /// <summary>Adds a custom assignor; name it in <c>partition.assignment.strategy</c> to use it.</summary>
    public ConsumerBuilder<TKey, TValue> AddPartitionAssignor(IPartitionAssignor assignor)
    {
        ArgumentNullException.ThrowIfNull(assignor);
        _assignors.Add(assignor);
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetKeyDeserializer(IDeserializer<TKey> deserializer)
    {
        _keyDeserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        return this;
    }

    public ConsumerBuilder<TKey, TValue> SetValueDeserializer(IDeserializer<TValue> deserializer)
    {
        _valueDeserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        return this;
    }

    /// <summary>Creates the consumer; configuration errors surface here as <see cref="InvalidConfigurationException"/>.</summary>
    public IConsumer<TKey, TValue> Build()
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(config);
        return transport.CreateConsumer(new ConsumerSetup<TKey, TValue>
        {
            Config = config,
            KeyDeserializer = _keyDeserializer ?? Deserializers.Default<TKey>(),
            ValueDeserializer = _valueDeserializer ?? Deserializers.Default<TValue>(),
            PartitionsAssigned = _assigned,
            PartitionsRevoked = _revoked,
            PartitionsLost = _lost,
            Assignors = [.. _assignors],
        });
    }
}
