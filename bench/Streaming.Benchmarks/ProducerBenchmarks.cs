using BenchmarkDotNet.Attributes;
using Streaming.Broker;

namespace Streaming.Benchmarks;

/// <summary>
/// The producer's per-record cost on the embedded broker, amortized over 20,000 records per invocation: <c>Produce</c>
/// with acks=1, the sender thread appending the batches, and one Flush per invocation. Records: 8-byte key, 100-byte value.
/// </summary>
[MemoryDiagnoser]
public class ProducerBenchmarks
{
    private const int ProduceRecords = 20_000;
    private string _directory = null!;
    private EmbeddedBroker _broker = null!;
    private IProducer<byte[], byte[]> _producer = null!;
    private readonly Message<byte[], byte[]> _message = new() { Key = new byte[8], Value = new byte[100] };
    private long _key;

    [Params(0, 5)]
    public int LingerMs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "streaming-bench-" + Guid.NewGuid().ToString("N"));
        var options = new EmbeddedBrokerOptions { DataDirectory = _directory, RetentionCheckInterval = TimeSpan.FromSeconds(5) };
        // Small segments and retention.bytes keep the produce benchmark's log from growing without bound.
        options.DefaultTopicConfigs["segment.bytes"] = (32 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _broker = EmbeddedBroker.Open(options);
        using (var admin = _broker.CreateAdminClient(new AdminClientConfig()))
        {
            admin.CreateTopicsAsync([
                new TopicSpecification { Name = "produce", NumPartitions = 6, Configs = new Dictionary<string, string> { ["retention.bytes"] = (64 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            ]).GetAwaiter().GetResult();
        }
        _producer = new ProducerBuilder<byte[], byte[]>(_broker, new ProducerConfig { Acks = Acks.Leader, LingerMs = LingerMs }).Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _producer.Dispose();
        _broker.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Per record: Produce with a distinct key (murmur2 over 6 partitions), then one Flush per 20,000 records.</summary>
    [Benchmark(OperationsPerInvoke = ProduceRecords)]
    public void Produce()
    {
        var key = _message.Key;
        for (int i = 0; i < ProduceRecords; i++)
        {
            BitConverter.TryWriteBytes(key, _key++);
            _producer.Produce("produce", _message);
        }
        _producer.Flush(CancellationToken.None);
    }
}
