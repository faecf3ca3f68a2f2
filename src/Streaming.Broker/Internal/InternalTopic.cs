using System.Buffers;
using Streaming.Broker.Log;
using Streaming.Broker.Topics;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Internal;

/// <summary>
/// An internal, compacted topic that holds broker state (<c>__consumer_offsets</c>, <c>__transaction_state</c>): keys are
/// placed on a partition by Java's String.hashCode as Kafka does, writes are acknowledged once fsynced, and the whole
/// topic is replayed batch by batch when the broker starts.
/// </summary>
internal sealed class InternalTopic(TopicManager topics, GroupCommitter committer, TimeProvider time, string name, int partitions,
    IReadOnlyDictionary<string, string> configs)
{
    private readonly object _writeLock = new();

    public string Name { get; } = name;

    public int PartitionCount { get; } = partitions;

    /// <summary>Java's String.hashCode, as Kafka uses to place a group or transactional id on a partition.</summary>
    public int PartitionFor(string key)
    {
        int h = 0;
        foreach (char c in key) h = unchecked(31 * h + c);
        return (h == int.MinValue ? 0 : Math.Abs(h)) % PartitionCount;
    }

    /// <summary>The partition's log, creating the topic on first use.</summary>
    public PartitionLog Log(int partition) => Topic().Partitions[partition];

    /// <summary>Creates the topic if it does not exist yet (it is otherwise created by its first write).</summary>
    public void EnsureCreated() => Topic();

    private Topic Topic()
    {
        if (topics.TryGet(Name, out var existing)) return existing;
        try
        {
            return topics.Create(Name, PartitionCount, configs);
        }
        catch (TopicAlreadyExistsException)
        {
            return topics.Get(Name);
        }
    }

    /// <summary>
    /// Appends the records as one batch to <paramref name="partition"/> (a transactional one when
    /// <paramref name="producerId"/> is given) and returns when it is durable.
    /// </summary>
    public Task WriteAsync(int partition, IEnumerable<(byte[] Key, byte[]? Value)> records, long producerId = -1, short producerEpoch = -1)
    {
        var log = Log(partition);
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var builder = new RecordBatchBuilder(4096);
        builder.Reset(Protocol.Records.CompressionType.None, producerId, producerEpoch, baseSequence: -1, transactional: producerId >= 0);
        foreach (var (key, value) in records) builder.Append(now, key, false, value, value is null, 0, default);
        var batch = builder.Seal().ToArray();
        AppendInfo info;
        lock (_writeLock) info = log.Append(batch);
        return committer.WaitForFlushAsync(log, info.LastOffset + 1);
    }

    /// <summary>Calls <paramref name="visit"/> for every batch of every partition, in offset order, records decompressed.</summary>
    public void Replay(BatchVisitor visit)
    {
        if (!topics.TryGet(Name, out var topic)) return;
        byte[] buffer = new byte[1024 * 1024];
        var decompressed = new ArrayBufferWriter<byte>();
        foreach (var log in topic.Partitions)
        {
            long position = log.LogStartOffset;
            while (position < log.LogEndOffset)
            {
                var result = log.Read(position, buffer);
                if (result.RequiredSize > 0)
                {
                    buffer = new byte[result.RequiredSize];
                    continue;
                }
                if (result.BytesRead == 0) break;
                var bytes = buffer.AsSpan(0, result.BytesRead);
                while (!bytes.IsEmpty)
                {
                    if (RecordBatch.Validate(bytes, out var header) != BatchValidation.Valid)
                        throw new StorageException($"{Name} partition {log.TopicPartition.Partition} holds a corrupt batch at offset {position}");
                    ReadOnlySpan<byte> records = bytes[RecordBatchHeader.Size..header.TotalSize];
                    if (header.Compression != Protocol.Records.CompressionType.None)
                    {
                        decompressed.ResetWrittenCount();
                        RecordCompression.Decompress(header.Compression, records, decompressed);
                        records = decompressed.WrittenSpan;
                    }
                    visit(log.TopicPartition.Partition, header, records, position);
                    position = header.NextOffset;
                    bytes = bytes[header.TotalSize..];
                }
            }
        }
    }

    /// <summary>One batch of a replay: its partition, header, (decompressed) records, and the offset replay resumed at.</summary>
    public delegate void BatchVisitor(int partition, in RecordBatchHeader header, ReadOnlySpan<byte> records, long fromOffset);
}
