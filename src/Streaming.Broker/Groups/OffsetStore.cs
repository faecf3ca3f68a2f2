using System.Collections.Concurrent;
using Streaming.Broker.Log;
using Streaming.Broker.Topics;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Groups;

/// <summary>
/// Committed offsets: a cache over the internal topic <c>__consumer_offsets</c>, where each commit is appended and
/// fsynced before it is acknowledged, and which is replayed when the broker starts. The topic is compacted, so the
/// latest commit per (group, topic, partition) survives; a group deletion writes tombstones.
/// </summary>
internal sealed class OffsetStore
{
    public const string TopicName = "__consumer_offsets";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<TopicPartition, CommittedOffset>> _offsets = new(StringComparer.Ordinal);
    private readonly TopicManager _topics;
    private readonly GroupCommitter _committer;
    private readonly TimeProvider _time;
    private readonly int _partitions;
    private readonly object _writeLock = new();

    public OffsetStore(TopicManager topics, GroupCommitter committer, TimeProvider time, int partitions)
    {
        _topics = topics;
        _committer = committer;
        _time = time;
        _partitions = partitions;
        if (topics.TryGet(TopicName, out var topic)) Load(topic);
    }

    /// <summary>Configs of the offsets topic, as Kafka's broker sets them.</summary>
    public static IReadOnlyDictionary<string, string> TopicConfigs { get; } = new Dictionary<string, string>
    {
        ["cleanup.policy"] = "compact",
        ["segment.bytes"] = "104857600",
    };

    public IEnumerable<string> GroupIds => _offsets.Where(g => !g.Value.IsEmpty).Select(g => g.Key);

    private void Load(Topic topic)
    {
        byte[] buffer = new byte[1024 * 1024];
        var decompressed = new System.Buffers.ArrayBufferWriter<byte>();
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
                        throw new StorageException($"{TopicName} partition {log.TopicPartition.Partition} holds a corrupt batch at offset {position}");
                    ReadOnlySpan<byte> records = bytes[RecordBatchHeader.Size..header.TotalSize];
                    if (header.Compression != Protocol.Records.CompressionType.None)
                    {
                        decompressed.ResetWrittenCount();
                        RecordCompression.Decompress(header.Compression, records, decompressed);
                        records = decompressed.WrittenSpan;
                    }
                    if (!header.IsControl)
                    {
                        var reader = new RecordReader(header, records);
                        while (reader.TryRead(out var record))
                        {
                            if (record.Offset < position) continue;
                            Apply(record.Key, record.Value, record.ValueIsNull);
                        }
                    }
                    position = header.NextOffset;
                    bytes = bytes[header.TotalSize..];
                }
            }
        }
    }

    private void Apply(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
    {
        if (!OffsetRecords.TryDecodeKey(key, out var group, out var topic, out int partition)) return;
        var tp = new TopicPartition(topic, partition);
        if (tombstone)
        {
            if (_offsets.TryGetValue(group, out var g)) g.TryRemove(tp, out _);
            return;
        }
        if (OffsetRecords.TryDecodeValue(value, out long offset, out var metadata, out long time))
            _offsets.GetOrAdd(group, static _ => new())[tp] = new CommittedOffset(offset, metadata, time);
    }

    public CommittedOffset? Get(string group, TopicPartition tp)
        => _offsets.TryGetValue(group, out var g) && g.TryGetValue(tp, out var c) ? c : null;

    public IReadOnlyDictionary<TopicPartition, CommittedOffset> GetAll(string group)
        => _offsets.TryGetValue(group, out var g) ? new Dictionary<TopicPartition, CommittedOffset>(g) : new Dictionary<TopicPartition, CommittedOffset>();

    /// <summary>Java's String.hashCode, as Kafka uses to place a group on an offsets partition.</summary>
    private int PartitionFor(string group)
    {
        int h = 0;
        foreach (char c in group) h = unchecked(31 * h + c);
        return (h == int.MinValue ? 0 : Math.Abs(h)) % _partitions;
    }

    /// <summary>Appends the commits to the group's offsets partition, waits for the fsync, then makes them visible.</summary>
    public async Task CommitAsync(string group, IReadOnlyList<(TopicPartition Partition, long Offset, string? Metadata)> offsets)
    {
        if (offsets.Count == 0) return;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await WriteAsync(group, offsets.Select(o => (OffsetRecords.EncodeKey(group, o.Partition.Topic, o.Partition.Partition), (byte[]?)OffsetRecords.EncodeValue(o.Offset, o.Metadata, now)))).ConfigureAwait(false);
        var cache = _offsets.GetOrAdd(group, static _ => new());
        foreach (var (tp, offset, metadata) in offsets) cache[tp] = new CommittedOffset(offset, metadata ?? "", now);
    }

    /// <summary>Writes tombstones for every offset of the group and forgets them.</summary>
    public async Task DeleteGroupAsync(string group)
    {
        if (!_offsets.TryGetValue(group, out var cache) || cache.IsEmpty)
        {
            _offsets.TryRemove(group, out _);
            return;
        }
        var keys = cache.Keys.ToArray();
        await WriteAsync(group, keys.Select(tp => (OffsetRecords.EncodeKey(group, tp.Topic, tp.Partition), (byte[]?)null))).ConfigureAwait(false);
        _offsets.TryRemove(group, out _);
    }

    private Task WriteAsync(string group, IEnumerable<(byte[] Key, byte[]? Value)> records)
    {
        var topic = _topics.TryGet(TopicName, out var existing) ? existing : CreateTopic();
        var log = topic.Partitions[PartitionFor(group)];
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        using var builder = new RecordBatchBuilder(4096);
        builder.Reset();
        foreach (var (key, value) in records) builder.Append(now, key, false, value, value is null);
        var batch = builder.Seal().ToArray();
        AppendInfo info;
        lock (_writeLock) info = log.Append(batch);
        return _committer.WaitForFlushAsync(log, info.LastOffset + 1);
    }

    private Topic CreateTopic()
    {
        try
        {
            return _topics.Create(TopicName, _partitions, TopicConfigs);
        }
        catch (TopicAlreadyExistsException)
        {
            return _topics.Get(TopicName);
        }
    }
}
