using System.Diagnostics;

namespace Streaming.Cli.Internal;

/// <summary>The console consumer's loop: assign or subscribe, print each record, stop on a limit or Ctrl+C, commit and leave.</summary>
internal sealed class ConsoleRecordReader : IDisposable
{
    private readonly BrokerSession _session;
    private readonly string _topic;
    private readonly ConsumerConfig _config;
    private readonly RecordFormatter _formatter;
    private readonly TextWriter _output;
    private readonly IConsumer<string?, string?> _consumer;

    public ConsoleRecordReader(BrokerSession session, string topic, ConsumerConfig config, RecordFormatter formatter, TextWriter output)
    {
        _session = session;
        _topic = topic;
        _config = config;
        _formatter = formatter;
        _output = output;
        _consumer = session.Transport.CreateConsumer(new ConsumerSetup<string?, string?>
        {
            Config = config,
            KeyDeserializer = Deserializers.Utf8,
            ValueDeserializer = Deserializers.Utf8,
        });
    }

    public void Subscribe() => _consumer.Subscribe([_topic]);

    /// <summary>Reads one partition from <paramref name="start"/>; a usage error when the topic has no such partition.</summary>
    public async Task AssignAsync(int partition, Offset start, CancellationToken cancellationToken)
    {
        int count = await PartitionCountAsync(cancellationToken).ConfigureAwait(false);
        if (partition >= count) throw CliException.Broker($"topic '{_topic}' has no partition {partition}: it has {count} (0 to {count - 1})");
        _consumer.Assign([new TopicPartitionOffset(_topic, partition, start)]);
    }

    /// <summary>Reads every partition of the topic from <paramref name="start"/>.</summary>
    public async Task AssignAllAsync(Offset start, CancellationToken cancellationToken)
    {
        int count = await PartitionCountAsync(cancellationToken).ConfigureAwait(false);
        _consumer.Assign(Enumerable.Range(0, count).Select(p => new TopicPartitionOffset(_topic, p, start)));
    }

    /// <summary>Prints records until <paramref name="maxMessages"/>, <paramref name="idleTimeout"/> without one, or cancellation; returns how many.</summary>
    public long Run(long? maxMessages, TimeSpan? idleTimeout, CancellationToken stop)
    {
        long count = 0;
        long lastRecord = Stopwatch.GetTimestamp();
        try
        {
            while (!stop.IsCancellationRequested && (maxMessages is null || count < maxMessages))
            {
                var record = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (record is null || record.IsPartitionEOF)
                {
                    if (idleTimeout is { } idle && Stopwatch.GetElapsedTime(lastRecord) >= idle) break;
                    continue;
                }
                _output.WriteLine(_formatter.Format(record));
                lastRecord = Stopwatch.GetTimestamp();
                count++;
            }
        }
        finally
        {
            _output.Flush();
        }
        // What was printed is committed: the next member of the group starts after it.
        if (_config.GroupId is not null && count > 0) _consumer.Commit();
        return count;
    }

    private async Task<int> PartitionCountAsync(CancellationToken cancellationToken)
        => (await _session.RunAsync((admin, ct) => admin.DescribeTopicsAsync([_topic], ct), cancellationToken).ConfigureAwait(false))[0].Partitions.Count;

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
