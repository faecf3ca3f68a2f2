using System.Collections.Concurrent;
using Streaming.Broker.Internal;
using Streaming.Broker.Log;
using Streaming.Broker.Topics;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Groups;

/// <summary>
/// Committed offsets: a cache over the internal topic <c>__consumer_offsets</c>, where each commit is appended and
/// fsynced before it is acknowledged, and which is replayed when the broker starts. The topic is compacted, so the
/// latest commit per (group, topic, partition) survives; a group deletion writes tombstones. Offsets committed inside a
/// transaction (KIP-98's TxnOffsetCommit) are written as transactional records and stay pending until the transaction's
/// marker reaches the group's offsets partition: visible at commit, dropped at abort.
/// </summary>
internal sealed class OffsetStore
{
    public const string TopicName = "__consumer_offsets";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<TopicPartition, CommittedOffset>> _offsets = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<PendingOffset>> _pending = [];
    private readonly InternalTopic _topic;
    private readonly TimeProvider _time;

    public OffsetStore(TopicManager topics, GroupCommitter committer, TimeProvider time, int partitions)
    {
        _time = time;
        _topic = new InternalTopic(topics, committer, time, TopicName, partitions, TopicConfigs);
        _topic.Replay(Load);
    }

    /// <summary>Configs of the offsets topic, as Kafka's broker sets them.</summary>
    public static IReadOnlyDictionary<string, string> TopicConfigs { get; } = new Dictionary<string, string>
    {
        ["cleanup.policy"] = "compact",
        ["segment.bytes"] = "104857600",
    };

    public IEnumerable<string> GroupIds => _offsets.Where(g => !g.Value.IsEmpty).Select(g => g.Key);

    /// <summary>The partition of <c>__consumer_offsets</c> that holds <paramref name="group"/>'s offsets.</summary>
    public TopicPartition PartitionOf(string group) => new(TopicName, _topic.PartitionFor(group));

    /// <summary>
    /// Creates <c>__consumer_offsets</c> if no offset was ever committed on this broker: a transaction adds the group's
    /// offsets partition before it writes to it, and only an existing partition can be added.
    /// </summary>
    public void EnsureTopicCreated() => _topic.EnsureCreated();

    private void Load(int partition, in RecordBatchHeader header, ReadOnlySpan<byte> records, long fromOffset)
    {
        if (header.IsControl)
        {
            if (ControlBatch.TryReadType(header, records, out var type)) CompleteTransaction(partition, header.ProducerId, type == ControlRecordType.Commit);
            return;
        }
        var reader = new RecordReader(header, records);
        while (reader.TryRead(out var record))
        {
            if (record.Offset < fromOffset) continue;
            if (!OffsetRecords.TryDecodeKey(record.Key, out var group, out var topic, out int p)) continue;
            var tp = new TopicPartition(topic, p);
            if (record.ValueIsNull)
            {
                if (_offsets.TryGetValue(group, out var g)) g.TryRemove(tp, out _);
                continue;
            }
            if (!OffsetRecords.TryDecodeValue(record.Value, out long offset, out var metadata, out long time)) continue;
            var committed = new CommittedOffset(offset, metadata, time);
            if (header.IsTransactional) AddPending(header.ProducerId, [new PendingOffset(group, tp, committed)]);
            else _offsets.GetOrAdd(group, static _ => new())[tp] = committed;
        }
    }

    public CommittedOffset? Get(string group, TopicPartition tp)
        => _offsets.TryGetValue(group, out var g) && g.TryGetValue(tp, out var c) ? c : null;

    public IReadOnlyDictionary<TopicPartition, CommittedOffset> GetAll(string group)
        => _offsets.TryGetValue(group, out var g) ? new Dictionary<TopicPartition, CommittedOffset>(g) : new Dictionary<TopicPartition, CommittedOffset>();

    /// <summary>
    /// True while an open transaction has committed an offset for <paramref name="tp"/> in <paramref name="group"/>: the
    /// committed offset is unstable until it ends (KIP-447), and a consumer must wait before resuming from it.
    /// </summary>
    public bool HasPendingTransactionalOffset(string group, TopicPartition tp)
    {
        lock (_pending)
        {
            foreach (var list in _pending.Values)
                foreach (var pending in list)
                    if (pending.Partition == tp && pending.Group == group) return true;
            return false;
        }
    }

    /// <summary>Appends the commits to the group's offsets partition, waits for the fsync, then makes them visible.</summary>
    public async Task CommitAsync(string group, IReadOnlyList<(TopicPartition Partition, long Offset, string? Metadata)> offsets)
    {
        if (offsets.Count == 0) return;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _topic.WriteAsync(_topic.PartitionFor(group), Encode(group, offsets, now)).ConfigureAwait(false);
        var cache = _offsets.GetOrAdd(group, static _ => new());
        foreach (var (tp, offset, metadata) in offsets) cache[tp] = new CommittedOffset(offset, metadata ?? "", now);
    }

    /// <summary>
    /// Writes offsets committed inside producer <paramref name="producerId"/>'s transaction, as a transactional batch with
    /// its epoch (a fenced epoch is refused by the partition), and keeps them pending until the transaction ends.
    /// </summary>
    public async Task CommitTransactionalAsync(string group, long producerId, short producerEpoch,
        IReadOnlyList<(TopicPartition Partition, long Offset, string? Metadata)> offsets)
    {
        if (offsets.Count == 0) return;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _topic.WriteAsync(_topic.PartitionFor(group), Encode(group, offsets, now), producerId, producerEpoch).ConfigureAwait(false);
        AddPending(producerId, offsets.Select(o => new PendingOffset(group, o.Partition, new CommittedOffset(o.Offset, o.Metadata ?? "", now))));
    }

    /// <summary>
    /// Called once the marker of producer <paramref name="producerId"/>'s transaction is written to offsets partition
    /// <paramref name="partition"/>: its pending offsets there become the committed ones, or are dropped.
    /// </summary>
    public void CompleteTransaction(int partition, long producerId, bool commit)
    {
        List<PendingOffset> done;
        lock (_pending)
        {
            if (!_pending.TryGetValue(producerId, out var list)) return;
            done = list.Where(p => _topic.PartitionFor(p.Group) == partition).ToList();
            list.RemoveAll(p => _topic.PartitionFor(p.Group) == partition);
            if (list.Count == 0) _pending.Remove(producerId);
        }
        if (!commit) return;
        foreach (var p in done) _offsets.GetOrAdd(p.Group, static _ => new())[p.Partition] = p.Offset;
    }

    private void AddPending(long producerId, IEnumerable<PendingOffset> offsets)
    {
        lock (_pending)
        {
            if (!_pending.TryGetValue(producerId, out var list)) _pending[producerId] = list = [];
            foreach (var offset in offsets)
            {
                // A later commit of the same partition in the same transaction replaces the earlier one.
                list.RemoveAll(p => p.Partition == offset.Partition && p.Group == offset.Group);
                list.Add(offset);
            }
        }
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
        await _topic.WriteAsync(_topic.PartitionFor(group), keys.Select(tp => (OffsetRecords.EncodeKey(group, tp.Topic, tp.Partition), (byte[]?)null))).ConfigureAwait(false);
        _offsets.TryRemove(group, out _);
    }

    private static IEnumerable<(byte[] Key, byte[]? Value)> Encode(string group, IReadOnlyList<(TopicPartition Partition, long Offset, string? Metadata)> offsets, long now)
        => offsets.Select(o => (OffsetRecords.EncodeKey(group, o.Partition.Topic, o.Partition.Partition), (byte[]?)OffsetRecords.EncodeValue(o.Offset, o.Metadata, now)));

    private readonly record struct PendingOffset(string Group, TopicPartition Partition, CommittedOffset Offset);
}
