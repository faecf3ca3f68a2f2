using Streaming.Kafka.Errors;
using Streaming.Kafka.Internal;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Consumer;

/// <summary>Manual assignment, positions, pause/resume and the broker's offset lookups.</summary>
internal sealed partial class KafkaConsumer<TKey, TValue>
{
    private bool _manuallyAssigned;

    // Where a seek put a partition, until a record of it is handed out: librdkafka reports no position after a seek.
    private readonly Dictionary<TopicPartition, long> _seekedTo = [];

    // The assignment as the application sees it: in the assigned handler it already holds the new partitions, in the
    // revoked handler still the old ones (librdkafka applies an assignment only after the handler returns).
    private readonly List<TopicPartition> _assignment = [];

    public IReadOnlyList<TopicPartition> Assignment
    {
        get
        {
            ThrowIfDisposed();
            return _assignment.ToArray();
        }
    }

    public IReadOnlyList<TopicPartition> Paused
    {
        get
        {
            ThrowIfDisposed();
            return _paused.ToArray();
        }
    }

    public void Assign(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)));
    }

    public void Assign(IEnumerable<TopicPartitionOffset> partitions)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(partitions);
        if (IsSubscribed)
            throw new InvalidStateException("this consumer is subscribed to topics; Unsubscribe before assigning partitions by hand (they are exclusive, as in Kafka)");
        var list = new List<CK.TopicPartitionOffset>();
        var seen = new HashSet<TopicPartition>();
        foreach (var tpo in partitions)
        {
            if (!seen.Add(tpo.TopicPartition)) throw new ArgumentException($"partition {tpo.TopicPartition} is listed twice", nameof(partitions));
            ArgumentOutOfRangeException.ThrowIfNegative(tpo.Partition, nameof(partitions));
            if (tpo.Offset.Value < 0 && tpo.Offset != Offset.Beginning && tpo.Offset != Offset.End && tpo.Offset != Offset.Unset && tpo.Offset != Offset.Stored)
                throw new ArgumentOutOfRangeException(nameof(partitions), tpo.Offset.Value, "an offset must be a non-negative number or one of Offset.Beginning/End/Stored/Unset");
            list.Add(tpo.ToConfluent());
        }
        ReleaseUnread();
        _handedOut.Clear();
        _stored.Clear();
        _paused.Clear();
        _seekedTo.Clear();
        Run(() => _consumer.Assign(list), "Assign");
        _assignment.Clear();
        _assignment.AddRange(seen);
        _manuallyAssigned = list.Count > 0;
    }

    public void Unassign()
    {
        ThrowIfDisposed();
        if (IsSubscribed) throw new InvalidStateException("this consumer's partitions come from its group; use Unsubscribe");
        _batch.Clear();
        _handedOut.Clear();
        _stored.Clear();
        _paused.Clear();
        _seekedTo.Clear();
        Run(_consumer.Unassign, "Unassign");
        _assignment.Clear();
        _manuallyAssigned = false;
    }

    public void Seek(TopicPartitionOffset position)
    {
        ThrowIfDisposed();
        RequireAssigned(position.TopicPartition, "seek");
        if (position.Offset.Value < 0 && position.Offset != Offset.Beginning && position.Offset != Offset.End && position.Offset != Offset.Stored && position.Offset != Offset.Unset)
            throw new ArgumentOutOfRangeException(nameof(position), position.Offset.Value, "an offset must be a non-negative number or one of Offset.Beginning/End/Stored/Unset");
        _batch.Drop(position.TopicPartition);
        _handedOut.Remove(position.TopicPartition);
        if (_assigning is not null && _assigning.ContainsKey(position.TopicPartition))
        {
            // Inside the assigned handler: librdkafka has not taken the partition yet, so it starts there instead.
            _assigning[position.TopicPartition] = position.Offset;
            if (position.Offset.Value >= 0) _seekedTo[position.TopicPartition] = position.Offset.Value;
            return;
        }
        SeekCore(position);
    }

    private void SeekCore(TopicPartitionOffset position)
    {
        var offset = position.Offset == Offset.Unset ? Offset.Stored : position.Offset;
        Run(() => _consumer.Seek(new TopicPartitionOffset(position.TopicPartition, offset).ToConfluent()), $"Seek to {position}");
        if (offset.Value >= 0) _seekedTo[position.TopicPartition] = offset.Value;
        else _seekedTo.Remove(position.TopicPartition);
    }

    public Offset Position(TopicPartition partition)
    {
        ThrowIfDisposed();
        RequireAssigned(partition, "ask the position of");
        if (_batch.FirstUnread(partition) is { } unread) return new Offset(unread);
        if (_seekedTo.TryGetValue(partition, out long seeked)) return new Offset(seeked);
        if (_assigning is not null && _assigning.ContainsKey(partition)) return Offset.Unset;
        var position = Run(() => _consumer.Position(partition.ToConfluent()), "Position");
        return position.Value < 0 ? Offset.Unset : new Offset(position.Value);
    }

    public void Pause(IEnumerable<TopicPartition> partitions)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(partitions);
        var list = partitions.ToArray();
        foreach (var tp in list) RequireAssigned(tp, "pause");
        if (_assigning is not null)
        {
            // Inside the assigned handler librdkafka does not know the partitions yet: pause them once they are assigned.
            var deferred = list.Where(_assigning.ContainsKey).ToArray();
            if (deferred.Length > 0)
            {
                _pauseAfterAssign.UnionWith(deferred);
                _paused.UnionWith(deferred);
                list = [.. list.Except(deferred)];
                if (list.Length == 0) return;
            }
        }
        // Records of the last batch not read yet are fetched again after Resume.
        var unread = _batch.FirstUnread();
        foreach (var tp in list)
        {
            if (unread.TryGetValue(tp, out long offset))
            {
                _batch.Drop(tp);
                SeekCore(new TopicPartitionOffset(tp, offset));
            }
        }
        Run(() => _consumer.Pause(list.Select(p => p.ToConfluent())), "Pause");
        _paused.UnionWith(list);
    }

    public void Resume(IEnumerable<TopicPartition> partitions)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(partitions);
        var list = partitions.ToArray();
        foreach (var tp in list) RequireAssigned(tp, "resume");
        _pauseAfterAssign.ExceptWith(list);
        if (_assigning is not null) list = [.. list.Where(tp => !_assigning.ContainsKey(tp))];
        if (list.Length > 0) Run(() => _consumer.Resume(list.Select(p => p.ToConfluent())), "Resume");
        _paused.ExceptWith(list);
    }

    /// <summary>Partitions paused inside the assigned handler, before librdkafka had them.</summary>
    private readonly HashSet<TopicPartition> _pauseAfterAssign = [];

    /// <summary>Pauses what the assigned handler paused, now that the partitions are assigned.</summary>
    private void ApplyDeferredPauses()
    {
        if (_pauseAfterAssign.Count == 0) return;
        var list = _pauseAfterAssign.Where(_assignment.Contains).ToArray();
        _pauseAfterAssign.Clear();
        if (list.Length > 0) Run(() => _consumer.Pause(list.Select(p => p.ToConfluent())), "Pause");
    }

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition partition, TimeSpan timeout)
    {
        ThrowIfDisposed();
        var offsets = Run(() => _consumer.QueryWatermarkOffsets(partition.ToConfluent(), timeout), $"QueryWatermarkOffsets of {partition}");
        return new WatermarkOffsets(new Offset(offsets.Low.Value), new Offset(offsets.High.Value));
    }

    public IReadOnlyList<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestamps, TimeSpan timeout)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(timestamps);
        var asked = timestamps.ToList();
        var result = new TopicPartitionOffset[asked.Count];
        // One ListOffsets request names each partition once (a broker refuses duplicates, and answers are matched by
        // partition): the same partition asked for several times goes in several rounds.
        var left = Enumerable.Range(0, asked.Count).ToList();
        while (left.Count > 0)
        {
            var round = left.GroupBy(i => asked[i].TopicPartition).Select(g => g.First()).ToList();
            var list = round.Select(i => new CK.TopicPartitionTimestamp(asked[i].TopicPartition.ToConfluent(), new CK.Timestamp(asked[i].Timestamp.UnixTimestampMs, CK.TimestampType.CreateTime))).ToList();
            var found = Run(() => _consumer.OffsetsForTimes(list, timeout), "OffsetsForTimes")
                .ToDictionary(o => new TopicPartition(o.Topic, o.Partition.Value), o => o.Offset.Value);
            foreach (int i in round)
            {
                long offset = found.TryGetValue(asked[i].TopicPartition, out long o) ? o : -1;
                result[i] = new TopicPartitionOffset(asked[i].TopicPartition, offset < 0 ? Offset.End : new Offset(offset));
            }
            left.RemoveAll(round.Contains);
        }
        return result;
    }

    private void RequireAssigned(TopicPartition tp, string action)
    {
        if (_assignment.Contains(tp)) return;
        throw new InvalidStateException($"cannot {action} {tp}: it is not assigned to this consumer");
    }

    private static void Run(Action action, string what)
    {
        try
        {
            action();
        }
        catch (CK.KafkaException ex)
        {
            throw KafkaErrorMapper.Map(ex.Error, $"{what} failed", ex);
        }
    }

    private static T Run<T>(Func<T> func, string what)
    {
        try
        {
            return func();
        }
        catch (CK.KafkaException ex)
        {
            throw KafkaErrorMapper.Map(ex.Error, $"{what} failed", ex);
        }
    }
}
