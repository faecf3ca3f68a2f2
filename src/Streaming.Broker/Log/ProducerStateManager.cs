using System.Buffers;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Log;

/// <summary>
/// A partition's idempotent-producer state, as Kafka's ProducerStateManager keeps it: per producer id its epoch and its
/// last <see cref="MaxBatchesPerProducer"/> batches (sequence and offset ranges), to spot a retried batch and answer
/// with its original offsets, and to reject sequence gaps and fenced epochs. Not thread-safe: used under the log's lock.
/// </summary>
internal sealed class ProducerStateManager
{
    /// <summary>How many batches per producer are remembered for duplicate detection (Kafka's 5 in-flight requests).</summary>
    public const int MaxBatchesPerProducer = 5;

    private readonly Dictionary<long, ProducerStateEntry> _producers = [];
    private long _firstUnstableOffset = -1;

    /// <summary>Producer ids with state in this partition.</summary>
    public int Count => _producers.Count;

    /// <summary>
    /// The first offset of the oldest transaction still open here (no commit or abort marker yet), or -1 when none is:
    /// the last stable offset, below which read_committed consumers may read.
    /// </summary>
    public long FirstUnstableOffset => _firstUnstableOffset;

    /// <summary>The open transactions here: producer id and the offset of its first batch.</summary>
    public IEnumerable<(long ProducerId, long FirstOffset)> OpenTransactions
    {
        get
        {
            foreach (var entry in _producers.Values)
                if (entry.CurrentTxnFirstOffset >= 0) yield return (entry.ProducerId, entry.CurrentTxnFirstOffset);
        }
    }

    public ProducerStateEntry? Get(long producerId) => _producers.GetValueOrDefault(producerId);

    /// <summary>
    /// Checks a batch of an idempotent producer (<see cref="RecordBatchHeader.ProducerId"/> ≥ 0) before it is appended.
    /// Returns true with the original batch when it is a retry of one of the producer's last batches (nothing may be
    /// written then); false when it may be appended.
    /// </summary>
    /// <exception cref="InvalidProducerEpochException">The batch's epoch is older than the producer's.</exception>
    /// <exception cref="OutOfOrderSequenceException">The batch's sequence does not follow the producer's last one.</exception>
    public bool CheckAppend(TopicPartition topicPartition, in RecordBatchHeader header, out BatchMetadata duplicate)
    {
        duplicate = default;
        // An unknown producer may start at any sequence, as in Kafka: its state may be gone with expiry or retention.
        if (!_producers.TryGetValue(header.ProducerId, out var entry)) return false;
        if (header.ProducerEpoch < entry.Epoch)
            throw new InvalidProducerEpochException($"producer {header.ProducerId} sent a batch to {topicPartition} with epoch {header.ProducerEpoch}, older than its current epoch {entry.Epoch}: a newer instance of the producer has fenced it");
        if (!header.IsTransactional && entry.CurrentTxnFirstOffset >= 0)
            throw new InvalidTxnStateException($"producer {header.ProducerId} sent a non-transactional batch to {topicPartition} while its transaction that began at offset {entry.CurrentTxnFirstOffset} is still open");
        // No sequence (-1): a batch the broker writes for a producer (transactional offset commits): epoch checks only.
        if (header.BaseSequence < 0) return false;
        if (header.ProducerEpoch > entry.Epoch)
        {
            if (header.BaseSequence != 0)
                throw new OutOfOrderSequenceException($"producer {header.ProducerId} started epoch {header.ProducerEpoch} on {topicPartition} at sequence {header.BaseSequence}: a new epoch must start at sequence 0");
            return false;
        }
        int lastSequence = IncrementSequence(header.BaseSequence, header.LastOffsetDelta);
        foreach (var batch in entry.Batches)
        {
            if (batch.FirstSequence == header.BaseSequence && batch.LastSequence == lastSequence)
            {
                duplicate = batch;
                return true;
            }
        }
        if (entry.Batches.Count > 0 && !InSequence(entry.LastSequence, header.BaseSequence))
            throw new OutOfOrderSequenceException($"producer {header.ProducerId} (epoch {header.ProducerEpoch}) sent a batch to {topicPartition} with sequence {header.BaseSequence}, but the next expected sequence is {IncrementSequence(entry.LastSequence, 1)}");
        return false;
    }

    /// <summary>Records a batch that was appended at [<paramref name="baseOffset"/>, <paramref name="lastOffset"/>].</summary>
    public void Update(in RecordBatchHeader header, long baseOffset, long lastOffset, long timestampMs)
    {
        if (!_producers.TryGetValue(header.ProducerId, out var entry))
        {
            entry = new ProducerStateEntry(header.ProducerId, header.ProducerEpoch);
            _producers.Add(header.ProducerId, entry);
        }
        else if (header.ProducerEpoch != entry.Epoch)
        {
            entry.Epoch = header.ProducerEpoch;
            entry.Batches.Clear();
            entry.LastSequence = -1;
            entry.LastOffset = -1;
        }
        if (header.IsTransactional && entry.CurrentTxnFirstOffset < 0)
        {
            entry.CurrentTxnFirstOffset = baseOffset;
            if (_firstUnstableOffset < 0 || baseOffset < _firstUnstableOffset) _firstUnstableOffset = baseOffset;
        }
        entry.LastTimestampMs = Math.Max(entry.LastTimestampMs, timestampMs);
        if (header.BaseSequence < 0) return; // no sequence: nothing to deduplicate later
        if (entry.Batches.Count == MaxBatchesPerProducer) entry.Batches.Dequeue();
        int lastSequence = IncrementSequence(header.BaseSequence, header.LastOffsetDelta);
        entry.Batches.Enqueue(new BatchMetadata(header.BaseSequence, lastSequence, baseOffset, lastOffset, header.MaxTimestamp));
        entry.LastSequence = lastSequence;
        entry.LastOffset = lastOffset;
    }

    /// <summary>
    /// Checks a transaction marker of producer <paramref name="producerId"/> before it is appended: its epoch must not be
    /// older than the producer's (the coordinator writes markers with the current epoch, a bumped one when it fences).
    /// </summary>
    /// <exception cref="InvalidProducerEpochException">The marker's epoch is older than the producer's.</exception>
    public void CheckMarker(TopicPartition topicPartition, long producerId, short epoch)
    {
        if (_producers.TryGetValue(producerId, out var entry) && epoch < entry.Epoch)
            throw new InvalidProducerEpochException($"a transaction marker for producer {producerId} on {topicPartition} has epoch {epoch}, older than the producer's {entry.Epoch}");
    }

    /// <summary>
    /// Applies a marker appended at <paramref name="markerOffset"/>: the producer's open transaction here (if any) ends.
    /// Returns the aborted transaction to index when <paramref name="type"/> is abort and a transaction was open.
    /// A newer epoch (the coordinator fenced the producer) becomes the producer's epoch, so its older batches are refused.
    /// </summary>
    public AbortedTransaction? ApplyMarker(long producerId, short epoch, ControlRecordType type, long markerOffset, long timestampMs)
    {
        if (!_producers.TryGetValue(producerId, out var entry))
        {
            entry = new ProducerStateEntry(producerId, epoch);
            _producers.Add(producerId, entry);
        }
        else if (epoch > entry.Epoch)
        {
            entry.Epoch = epoch;
            entry.Batches.Clear();
            entry.LastSequence = -1;
            entry.LastOffset = -1;
        }
        entry.LastTimestampMs = Math.Max(entry.LastTimestampMs, timestampMs);
        long first = entry.CurrentTxnFirstOffset;
        if (first < 0) return null;
        long lastStable = _firstUnstableOffset;
        entry.CurrentTxnFirstOffset = -1;
        if (first == _firstUnstableOffset) RecomputeFirstUnstable();
        return type == ControlRecordType.Abort ? new AbortedTransaction(producerId, first, markerOffset, lastStable) : null;
    }

    private void RecomputeFirstUnstable()
    {
        long min = -1;
        foreach (var entry in _producers.Values)
            if (entry.CurrentTxnFirstOffset >= 0 && (min < 0 || entry.CurrentTxnFirstOffset < min)) min = entry.CurrentTxnFirstOffset;
        _firstUnstableOffset = min;
    }

    /// <summary>The last offset of each producer's newest batch.</summary>
    public HashSet<long> LastBatchOffsets()
    {
        var offsets = new HashSet<long>(_producers.Count);
        foreach (var entry in _producers.Values)
            if (entry.Batches.Count > 0) offsets.Add(entry.LastOffset);
        return offsets;
    }

    /// <summary>Forgets producers idle (no append) since <paramref name="cutoffMs"/> or before; returns how many went.</summary>
    public int RemoveExpired(long cutoffMs)
    {
        int removed = 0;
        foreach (var (id, entry) in _producers)
        {
            // A producer with an open transaction stays: its transaction holds the last stable offset until it ends.
            if (entry.LastTimestampMs > cutoffMs || entry.CurrentTxnFirstOffset >= 0) continue;
            _producers.Remove(id);
            removed++;
        }
        return removed;
    }

    private static ReadOnlySpan<byte> SnapshotMagic => "PSS2"u8;

    /// <summary>
    /// Serializes the state as of <paramref name="logEndOffset"/>: magic, end offset, producer count, each producer with its
    /// batches, then a CRC-32C of everything before it.
    /// </summary>
    public byte[] ToSnapshot(long logEndOffset)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        void Write(ReadOnlySpan<byte> bytes) => buffer.Write(bytes);
        void Long(long v) { Span<byte> b = stackalloc byte[8]; System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(b, v); Write(b); }
        void Int(int v) { Span<byte> b = stackalloc byte[4]; System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(b, v); Write(b); }
        Write(SnapshotMagic);
        Long(logEndOffset);
        Int(_producers.Count);
        foreach (var entry in _producers.Values)
        {
            Long(entry.ProducerId);
            Int(entry.Epoch);
            Int(entry.LastSequence);
            Long(entry.LastOffset);
            Long(entry.LastTimestampMs);
            Long(entry.CurrentTxnFirstOffset);
            Int(entry.Batches.Count);
            foreach (var b in entry.Batches)
            {
                Int(b.FirstSequence);
                Int(b.LastSequence);
                Long(b.FirstOffset);
                Long(b.LastOffset);
                Long(b.MaxTimestamp);
            }
        }
        Int((int)Crc32C.Compute(buffer.WrittenSpan));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a snapshot written by <see cref="ToSnapshot"/>; null when it is damaged or not for <paramref name="logEndOffset"/>.</summary>
    public static ProducerStateManager? FromSnapshot(ReadOnlySpan<byte> bytes, long logEndOffset)
    {
        if (bytes.Length < 20 || !bytes[..4].SequenceEqual(SnapshotMagic)) return null;
        byte[] body = bytes[..^4].ToArray();
        if ((uint)System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes[^4..]) != Crc32C.Compute(body)) return null;
        int p = 4;
        long Long() { long v = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(body.AsSpan(p)); p += 8; return v; }
        int Int() { int v = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(p)); p += 4; return v; }
        try
        {
            if (Long() != logEndOffset) return null;
            int count = Int();
            var state = new ProducerStateManager();
            for (int i = 0; i < count; i++)
            {
                var entry = new ProducerStateEntry(Long(), (short)Int()) { LastSequence = Int(), LastOffset = Long(), LastTimestampMs = Long(), CurrentTxnFirstOffset = Long() };
                int batches = Int();
                if (batches is < 0 or > MaxBatchesPerProducer) return null;
                for (int j = 0; j < batches; j++) entry.Batches.Enqueue(new BatchMetadata(Int(), Int(), Long(), Long(), Long()));
                state._producers[entry.ProducerId] = entry;
            }
            state.RecomputeFirstUnstable();
            return p == body.Length ? state : null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // shorter than its counts say
        }
    }

    /// <summary>The sequence <paramref name="increment"/> after <paramref name="sequence"/>; sequences wrap from int.MaxValue to 0.</summary>
    public static int IncrementSequence(int sequence, int increment)
        => sequence > int.MaxValue - increment ? increment - (int.MaxValue - sequence) - 1 : sequence + increment;

    private static bool InSequence(int lastSequence, int nextSequence)
        => nextSequence == lastSequence + 1L || (nextSequence == 0 && lastSequence == int.MaxValue);
}

/// <summary>One producer id's state in a partition.</summary>
internal sealed class ProducerStateEntry(long producerId, short epoch)
{
    public long ProducerId { get; } = producerId;

    public short Epoch { get; set; } = epoch;

    /// <summary>The last batches, oldest first.</summary>
    public Queue<BatchMetadata> Batches { get; } = new(ProducerStateManager.MaxBatchesPerProducer);

    /// <summary>The last sequence of the newest batch, or -1 when the epoch has none yet.</summary>
    public int LastSequence { get; set; } = -1;

    /// <summary>The last offset of the newest batch, or -1 when the epoch has none yet.</summary>
    public long LastOffset { get; set; } = -1;

    /// <summary>When the producer last appended (Unix ms), for <c>producer.id.expiration.ms</c>.</summary>
    public long LastTimestampMs { get; set; } = long.MinValue;

    /// <summary>The offset of the first batch of the producer's open transaction here, or -1 when none is open.</summary>
    public long CurrentTxnFirstOffset { get; set; } = -1;
}

/// <summary>
/// An aborted transaction on a partition, as Kafka's transaction index keeps it: the producer, the offsets of its first
/// batch and of its abort marker, and the last stable offset when the marker was written.
/// </summary>
internal readonly record struct AbortedTransaction(long ProducerId, long FirstOffset, long LastOffset, long LastStableOffset);

/// <summary>Where one of a producer's batches landed: its sequence range, offset range and largest timestamp.</summary>
internal readonly record struct BatchMetadata(int FirstSequence, int LastSequence, long FirstOffset, long LastOffset, long MaxTimestamp);
