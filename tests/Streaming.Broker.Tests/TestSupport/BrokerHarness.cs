using Microsoft.Extensions.Time.Testing;

namespace Streaming.Broker.Tests.TestSupport;

/// <summary>An embedded broker on a temp directory, reopenable, with helpers to produce and read back.</summary>
public sealed class BrokerHarness : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Action<EmbeddedBrokerOptions>? _configure;

    public BrokerHarness(Action<EmbeddedBrokerOptions>? configure = null, TimeProvider? time = null)
    {
        _configure = configure;
        Time = time ?? TimeProvider.System;
        Broker = Open();
    }

    public TimeProvider Time { get; }

    public EmbeddedBroker Broker { get; private set; }

    public string DataDirectory => _directory.Path;

    private EmbeddedBroker Open()
    {
        var options = new EmbeddedBrokerOptions { DataDirectory = _directory.Path, TimeProvider = Time };
        _configure?.Invoke(options);
        return EmbeddedBroker.Open(options);
    }

    /// <summary>Stops the broker cleanly and opens it again on the same directory.</summary>
    public EmbeddedBroker Restart()
    {
        Broker.Dispose();
        Broker = Open();
        return Broker;
    }

    /// <summary>Stops the broker as a killed process would (no flush, no clean marker) and opens it again, recovering.</summary>
    public EmbeddedBroker CrashAndReopen()
    {
        Broker.AbandonForTests();
        Broker = Open();
        return Broker;
    }

    public IAdminClient Admin() => Broker.CreateAdminClient(new AdminClientConfig());

    public void CreateTopic(string name, int partitions, Dictionary<string, string>? configs = null)
    {
        using var admin = Admin();
        admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, Configs = configs }]).GetAwaiter().GetResult();
    }

    public IProducer<string?, string?> Producer(ProducerConfig? config = null)
        => new ProducerBuilder<string?, string?>(Broker, config ?? new ProducerConfig { LingerMs = 0 })
            .SetKeySerializer(NullableUtf8.Instance).SetValueSerializer(NullableUtf8.Instance).Build();

    public IConsumer<string?, string?> Consumer(ConsumerConfig? config = null)
        => new ConsumerBuilder<string?, string?>(Broker, config ?? new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();

    /// <summary>Reads every record of the topic's partitions from the beginning until the end offsets seen at the start.</summary>
    public List<ConsumeResult<string?, string?>> ReadAll(string topic)
    {
        using var consumer = Consumer();
        var partitions = Broker.Topics.Get(topic).Partitions;
        var tps = Enumerable.Range(0, partitions.Length).Select(p => new TopicPartition(topic, p)).ToArray();
        consumer.Assign(tps.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        long total = tps.Sum(tp => partitions[tp.Partition].LogEndOffset - partitions[tp.Partition].LogStartOffset);
        var results = new List<ConsumeResult<string?, string?>>();
        while (results.Count < total)
        {
            var r = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"read {results.Count} of {total} records of '{topic}'");
            results.Add(r);
        }
        return results;
    }

    public static FakeTimeProvider FakeTime() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        Broker.Dispose();
        _directory.Dispose();
    }

    private sealed class NullableUtf8 : ISerializer<string?>
    {
        public static readonly NullableUtf8 Instance = new();

        public void Serialize(string? data, System.Buffers.IBufferWriter<byte> destination, SerializationContext context)
            => Serializers.Utf8.Serialize(data!, destination, context);
    }
}
