using System.Runtime.InteropServices;
using Streaming.Broker.Log;
using Streaming.Protocol.Records;

namespace Streaming.Broker.InProcess;

/// <summary>
/// One partition's batch inside a producer: the RecordBatch being built, who waits for which record, and the outcome.
/// Pooled and reused by its producer, so a steady stream of batches allocates nothing.
/// </summary>
internal sealed class ProducerBatch : IFlushWaiter
{
    private readonly Action<ProducerBatch> _onFlushed;

    public ProducerBatch(int capacity, Action<ProducerBatch> onFlushed)
    {
        Builder = new RecordBatchBuilder(Math.Max(capacity, RecordBatchHeader.Size + 64));
        _onFlushed = onFlushed;
    }

    public RecordBatchBuilder Builder { get; }

    /// <summary>Records that someone waits on: their index in the batch and the callback or task to complete.</summary>
    public List<PendingDelivery> Deliveries { get; } = [];

    public TopicPartition TopicPartition { get; private set; }

    public PartitionLog Log { get; private set; } = null!;

    /// <summary>Bytes of <c>buffer.memory</c> this batch holds.</summary>
    public long Reserved { get; set; }

    /// <summary>When the first record went in (timestamp ticks), for <c>linger.ms</c>.</summary>
    public long CreatedTimestamp { get; private set; }

    public long BaseOffset { get; set; } = -1;

    public StreamingException? Error { get; set; }

    public void Start(TopicPartition topicPartition, PartitionLog log, Streaming.Protocol.Records.CompressionType compression, long now)
    {
        TopicPartition = topicPartition;
        Log = log;
        CreatedTimestamp = now;
        BaseOffset = -1;
        Error = null;
        Reserved = 0;
        Deliveries.Clear();
        Builder.Reset(compression);
    }

    /// <summary>Seals the batch and returns its bytes, writable so the log can stamp the base offset in place.</summary>
    public Span<byte> Seal() => MemoryMarshal.AsMemory(Builder.Seal()).Span;

    public void OnFlushed(StreamingException? error)
    {
        Error ??= error;
        _onFlushed(this);
    }
}

/// <summary>A record someone waits on: a delivery handler or a task completion source, and the message to report.</summary>
internal readonly record struct PendingDelivery(int Index, object Message, object Completion);
