using BenchmarkDotNet.Attributes;
using Streaming.Broker;

namespace Streaming.Benchmarks;

/// <summary>
/// The consumer's per-record cost on the embedded broker: <c>ConsumeBatch</c> iteration over a prefilled partition of
/// 200,000 records (8-byte key, 100-byte value), from the start each invocation, CRCs checked (the default).
/// </summary>
[MemoryDiagnoser]
public class ConsumerBenchmarks
{
    private const int ConsumeRecords = 200_000;
    private string _directory = null!;
    private EmbeddedBroker _broker = null!;
    private IConsumer<byte[], byte[]> _consumer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "streaming-bench-" + Guid.NewGuid().ToString("N"));
        _broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = _directory });
        using (var admin = _broker.CreateAdminClient(new AdminClientConfig()))
            admin.CreateTopicsAsync([new TopicSpecification { Name = "consume", NumPartitions = 1 }]).GetAwaiter().GetResult();
        var message = new Message<byte[], byte[]> { Key = new byte[8], Value = new byte[100] };
        using (var producer = new ProducerBuilder<byte[], byte[]>(_broker, new ProducerConfig { Acks = Acks.Leader }).Build())
        {
            for (int i = 0; i < ConsumeRecords; i++)
            {
                BitConverter.TryWriteBytes(message.Key, (long)i);
                producer.Produce(new TopicPartition("consume", 0), message);
            }
            producer.Flush(CancellationToken.None);
        }
        _consumer = new ConsumerBuilder<byte[], byte[]>(_broker, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        _consumer.Assign([new TopicPartitionOffset("consume", 0, Offset.Beginning)]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _consumer.Dispose();
        _broker.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Per record: read the partition from the start with ConsumeBatch, touching each record's value.</summary>
    [Benchmark(OperationsPerInvoke = ConsumeRecords)]
    public long ConsumeBatch()
    {
        _consumer.Seek(new TopicPartitionOffset("consume", 0, Offset.Beginning));
        long sum = 0;
        int count = 0;
        while (count < ConsumeRecords)
        {
            foreach (var record in _consumer.ConsumeBatch(TimeSpan.FromSeconds(1)))
            {
                sum += record.Value[0];
                count++;
            }
        }
        return sum;
    }
}
