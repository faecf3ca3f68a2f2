using Streaming.Broker.Tests.TestSupport;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Tests.Log;

/// <summary>Reads that race with appends: a reader sees the log only up to the end it was told.</summary>
public sealed class ConcurrentReadTests : IDisposable
{
    private readonly BrokerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Read_WhileIdempotentBatchesAreAppended_ReturnsNoBatchPastTheLogEndItReports()
    {
        // An append writes the batch to the segment file before it publishes the new log end (with, for an idempotent or
        // transactional batch, the producer state update in between). A reader that returned such a batch would move its
        // position past the log end, and its next read would fail with OffsetOutOfRange (a consumer then resets by
        // auto.offset.reset: from the beginning again, with earliest).
        _h.CreateTopic("race", 1);
        var log = _h.Broker.Topics.GetPartition(new TopicPartition("race", 0));
        using var stop = new CancellationTokenSource();
        string? violation = null;
        int reads = 0;
        using var reading = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            reading.Set();
            var buffer = new byte[64 * 1024];
            long offset = 0;
            while (!stop.IsCancellationRequested && violation is null)
            {
                var result = log.Read(offset, buffer);
                Interlocked.Increment(ref reads);
                if (result.Error != ErrorCode.None)
                {
                    violation = $"read at {offset} failed with {result.Error} (log end {result.HighWatermark})";
                    break;
                }
                int position = 0;
                while (position < result.BytesRead)
                {
                    var header = RecordBatchHeader.Read(buffer.AsSpan(position));
                    if (header.NextOffset > result.HighWatermark)
                        violation = $"read at {offset} returned batch [{header.BaseOffset}, {header.LastOffset}] past the log end {result.HighWatermark} it reported";
                    offset = Math.Max(offset, header.NextOffset);
                    position += header.TotalSize;
                }
            }
        });

        Assert.True(reading.Wait(TimeSpan.FromSeconds(10)), "the reader did not start");
        using (var producer = _h.Producer(new ProducerConfig { LingerMs = 0, Acks = Acks.All, BatchSize = 64 }))
        {
            for (int i = 0; i < 20_000 && violation is null; i++)
                producer.Produce("race", new Message<string?, string?> { Key = "k", Value = $"v{i}" });
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        await stop.CancelAsync();
        await reader;

        Assert.True(violation is null, violation);
        Assert.True(reads > 0);
    }
}
