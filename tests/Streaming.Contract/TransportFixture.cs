using System.Buffers;

namespace Streaming.Contract;

/// <summary>
/// What a contract test needs from a transport: the transport, topics with a given partition count, and unique names so
/// that tests sharing one fixture (one cluster) never see each other's records.
/// </summary>
public abstract class TransportFixture : IDisposable
{
    private IStreamingTransport? _transport;
    private int _names;

    /// <summary>The transport under test, created once per fixture.</summary>
    public IStreamingTransport Transport => _transport ??= CreateTransport();

    /// <summary>Creates the transport under test.</summary>
    protected abstract IStreamingTransport CreateTransport();

    /// <summary>Creates a topic with <paramref name="partitions"/> partitions, ready for producers and consumers when this returns.</summary>
    public abstract void CreateTopic(string name, int partitions);

    /// <summary>A name no other test of this fixture uses (for topics, groups, transactional ids).</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A new topic with a unique name.</summary>
    public string NewTopic(int partitions, string prefix = "t")
    {
        string name = UniqueName(prefix);
        CreateTopic(name, partitions);
        return name;
    }

    /// <summary>A producer of nullable UTF-8 strings; linger 0 unless the config says otherwise.</summary>
    public IProducer<string?, string?> Producer(ProducerConfig? config = null)
        => new ProducerBuilder<string?, string?>(Transport, config ?? new ProducerConfig { LingerMs = 0 })
            .SetKeySerializer(NullableUtf8.Instance).SetValueSerializer(NullableUtf8.Instance).Build();

    /// <summary>A consumer of nullable UTF-8 strings, from the earliest offset unless the config says otherwise.</summary>
    public IConsumer<string?, string?> Consumer(ConsumerConfig? config = null)
        => new ConsumerBuilder<string?, string?>(Transport, config ?? new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();

    /// <summary>Reads <paramref name="count"/> records of the partitions from the beginning (fails after the timeout).</summary>
    public List<ConsumeResult<string?, string?>> ReadAll(IEnumerable<TopicPartition> partitions, int count, ConsumerConfig? config = null)
    {
        using var consumer = Consumer(config);
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var results = new List<ConsumeResult<string?, string?>>();
        var deadline = DateTime.UtcNow + Timeouts.Record;
        while (results.Count < count)
        {
            var r = consumer.Consume(Timeouts.Poll);
            if (r is not null && !r.IsPartitionEOF) results.Add(r);
            else if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"read {results.Count} of {count} records");
        }
        return results;
    }

    public virtual void Dispose()
    {
        (_transport as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class NullableUtf8 : ISerializer<string?>
    {
        public static readonly NullableUtf8 Instance = new();

        public void Serialize(string? data, IBufferWriter<byte> destination, SerializationContext context)
            => Serializers.Utf8.Serialize(data!, destination, context);
    }
}
