using System.Diagnostics;
using Streaming.Kafka.Configuration;
using Streaming.Kafka.Errors;
using Streaming.Kafka.Internal;
using Streaming.Kafka.Membership;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Consumer;

/// <summary>
/// A consumer over Confluent.Kafka's. Keys and values are deserialized by the framework's deserializers straight from
/// librdkafka's buffers (no intermediate array). Offsets follow the framework's rule on every transport: with
/// <c>enable.auto.offset.store</c>, a record's offset is stored — and later auto-committed — once the application comes
/// back for the next call, not when the record is handed out. Not thread-safe, as Kafka's.
/// </summary>
internal sealed partial class KafkaConsumer<TKey, TValue> : IConsumer<TKey, TValue>, IRecordSink
{
    private static readonly TimeSpan CancellationSlice = TimeSpan.FromMilliseconds(100);

    private readonly ConsumerSetup<TKey, TValue> _setup;
    private readonly ConsumerSettings _settings;
    private readonly int _maxPollRecords;
    private readonly CK.IConsumer<Slot, Slot> _consumer;
    private readonly IDeserializer<TKey> _keyDeserializer;
    private readonly IDeserializer<TValue> _valueDeserializer;
    private readonly KafkaConsumedRecords _batch;
    private readonly Dictionary<TopicPartition, long> _handedOut = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private bool _rawMode;
    private TKey _key = default!;
    private TValue _value = default!;
    private bool _disposed;

    public KafkaConsumer(KafkaTransportOptions options, ConsumerSetup<TKey, TValue> setup, GroupMetadataRegistry groupMetadata)
    {
        ArgumentNullException.ThrowIfNull(setup.Config);
        ArgumentNullException.ThrowIfNull(setup.KeyDeserializer);
        ArgumentNullException.ThrowIfNull(setup.ValueDeserializer);
        var mapped = KafkaConfigMapper.ToConsumer(options, setup.Config, setup.Assignors ?? []);
        _setup = setup;
        _settings = mapped.Settings;
        _maxPollRecords = mapped.MaxPollRecords;
        _keyDeserializer = setup.KeyDeserializer;
        _valueDeserializer = setup.ValueDeserializer;
        _groupMetadata = groupMetadata;
        _batch = new KafkaConsumedRecords(OnHandedOut);
        if (mapped.Membership is { } membership)
        {
            _membership = new GroupMembership(membership);
            _apiTimeout = membership.ApiTimeout;
        }
        _consumer = ConfluentClients.Build(() => new CK.ConsumerBuilder<Slot, Slot>(mapped.Librdkafka)
            .SetKeyDeserializer(new SlotDeserializer(this, isKey: true))
            .SetValueDeserializer(new SlotDeserializer(this, isKey: false))
            .SetLogHandler((_, message) => ConfluentClients.Log(message))
            .SetErrorHandler((_, error) => ConfluentClients.Error(error))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, lost: false))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions, lost: true))
            .Build(), $"consumer '{_settings.ClientId}'");
    }

    public string Name => _settings.ClientId;

    Slot IRecordSink.OnKey(ReadOnlySpan<byte> data, bool isNull, string topic)
    {
        if (_rawMode) return _batch.Append(data, isNull);
        _key = _keyDeserializer.Deserialize(data, isNull, new SerializationContext(MessageComponentType.Key, topic));
        return default;
    }

    Slot IRecordSink.OnValue(ReadOnlySpan<byte> data, bool isNull, string topic)
    {
        if (_rawMode) return _batch.Append(data, isNull);
        _value = _valueDeserializer.Deserialize(data, isNull, new SerializationContext(MessageComponentType.Value, topic));
        return default;
    }

    public ConsumeResult<TKey, TValue>? Consume(TimeSpan timeout)
    {
        ThrowIfDisposed();
        if (timeout != Timeout.InfiniteTimeSpan) ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        BeforePoll();
        return ConsumeOne(timeout, CancellationToken.None);
    }

    public ConsumeResult<TKey, TValue> Consume(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        BeforePoll();
        while (true)
        {
            var result = ConsumeOne(Timeout.InfiniteTimeSpan, cancellationToken);
            if (result is not null) return result;
        }
    }

    private ConsumeResult<TKey, TValue>? ConsumeOne(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _rawMode = false;
        var result = Poll(timeout, cancellationToken);
        if (result is null) return null;
        var tp = new TopicPartition(result.Topic, result.Partition.Value);
        if (result.IsPartitionEOF)
        {
            return new ConsumeResult<TKey, TValue>
            {
                Topic = tp.Topic,
                Partition = tp.Partition,
                Offset = new Offset(result.Offset.Value),
                Message = new Message<TKey, TValue>(),
                IsPartitionEOF = true,
            };
        }
        var consumed = new ConsumeResult<TKey, TValue>
        {
            Topic = tp.Topic,
            Partition = tp.Partition,
            Offset = new Offset(result.Offset.Value),
            Message = new Message<TKey, TValue>
            {
                Key = _key,
                Value = _value,
                Timestamp = result.Message.Timestamp.ToStreaming(),
                Headers = result.Message.Headers.ToStreaming(),
            },
        };
        _key = default!;
        _value = default!;
        CommitBeforeDelivery([new TopicPartitionOffset(tp, result.Offset.Value + 1)]);
        OnHandedOut(tp, result.Offset.Value);
        return consumed;
    }

    private void OnHandedOut(TopicPartition tp, long offset)
    {
        _handedOut[tp] = offset + 1;
        _seekedTo.Remove(tp);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for records and returns those that arrived, up to <c>max.poll.records</c>
    /// (500): the first one waited for, the rest already fetched. The bytes are copied once into a reusable arena;
    /// Confluent.Kafka allocates its own objects per record, so unlike in process this allocates per record.
    /// </summary>
    public ConsumedRecords ConsumeBatch(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (timeout != Timeout.InfiniteTimeSpan) ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        BeforePoll();
        _batch.Clear();
        _rawMode = true;
        try
        {
            var wait = timeout;
            while (_batch.Count < _maxPollRecords)
            {
                // The group membership is served once per call, not between the records of one batch.
                var result = Poll(wait, cancellationToken, serveMembership: wait != TimeSpan.Zero || _batch.Count == 0);
                if (result is null) break;
                wait = TimeSpan.Zero;
                if (!result.IsPartitionEOF) _batch.Add(result);
            }
        }
        finally
        {
            _rawMode = false;
        }
        if (_batch.Count > 0 && _settings.DeliveryGuarantee == DeliveryGuarantee.AtMostOnce)
            CommitBeforeDelivery(_batch.NextOffsets());
        return _batch;
    }

    /// <summary>One Confluent.Kafka consume, with errors mapped; a record that fails to deserialize stays the next one.</summary>
    private CK.ConsumeResult<Slot, Slot>? Poll(TimeSpan timeout, CancellationToken cancellationToken, bool serveMembership = true)
    {
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Bounded waits when a token can cancel, so cancellation is seen promptly (as Confluent.Kafka's own Consume(token)).
            long left = deadline - Stopwatch.GetTimestamp();
            var wait = deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Max(0, left) / (double)Stopwatch.Frequency);
            if (cancellationToken.CanBeCanceled && (wait == Timeout.InfiniteTimeSpan || wait > CancellationSlice)) wait = CancellationSlice;
            if (_membership is not null && serveMembership && IsSubscribed)
            {
                wait = DriveMembership(wait);
                if (Stopwatch.GetTimestamp() >= deadline) wait = TimeSpan.Zero;
            }
            CK.ConsumeResult<Slot, Slot>? result;
            try
            {
                result = _consumer.Consume(wait);
            }
            catch (CK.ConsumeException ex)
            {
                throw ConsumeError(ex);
            }
            catch (CK.KafkaException ex)
            {
                throw KafkaErrorMapper.Map(ex.Error, $"consumer {Name} failed", ex);
            }
            ThrowIfDisposed();
            if (result is not null) return result;
            if (Stopwatch.GetTimestamp() >= deadline) return null;
        }
    }

    private StreamingException ConsumeError(CK.ConsumeException ex)
    {
        var record = ex.ConsumerRecord;
        if (ex.Error.Code is CK.ErrorCode.Local_KeyDeserialization or CK.ErrorCode.Local_ValueDeserialization && record is not null)
        {
            // As Kafka's consumer: the position stays on the record that failed; seek past it to skip it.
            SeekCore(record.TopicPartitionOffset.ToStreaming());
            var inner = ex.InnerException;
            return inner as SerializationException
                ?? new SerializationException($"record {record.Topic}[{record.Partition.Value}]@{record.Offset.Value} could not be deserialized: {inner?.Message ?? ex.Message}", inner ?? ex);
        }
        if (ex.Error.Code == CK.ErrorCode.Local_AutoOffsetReset)
            return new OffsetOutOfRangeException($"{record?.TopicPartition.ToStreaming().ToString() ?? "a partition"}: its offset is out of range and auto.offset.reset is none ({KafkaErrorMapper.Describe(ex.Error)})", ex);
        string where = record is null ? "" : $" {record.Topic}[{record.Partition.Value}]";
        return KafkaErrorMapper.Map(ex.Error, $"consuming{where} failed", ex);
    }

    /// <summary>Work at the start of every Consume call: the unread rest of the last batch is given back, what was handed out is stored.</summary>
    private void BeforePoll()
    {
        ApplyDeferredPauses();
        ReleaseUnread();
        if (_settings.EnableAutoOffsetStore && _settings.GroupId is not null) StoreHandedOut(null);
        else _handedOut.Clear();
        MaybeAutoCommit();
    }

    /// <summary>Moves partitions with records of the last batch not read yet back to the first of them.</summary>
    private void ReleaseUnread()
    {
        if (_batch.Count == 0) return;
        foreach (var (tp, offset) in _batch.FirstUnread()) SeekCore(new TopicPartitionOffset(tp, offset));
        _batch.Clear();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Close() => Dispose();

    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            ReleaseUnread();
            if (_settings.EnableAutoCommit && _settings.GroupId is not null)
            {
                // A final commit of what was processed; Close then revokes (handlers run) and leaves the group.
                if (_settings.EnableAutoOffsetStore) StoreHandedOut(null);
                CommitStored(null);
            }
            if (_membership is not null && IsSubscribed) LeaveSelfManagedGroup("the consumer is closing");
            _consumer.Close();
        }
        catch (Exception ex) when (ex is CK.KafkaException or StreamingException)
        {
            // Closing must not fail: the group notices the member is gone at the latest after session.timeout.ms.
            Trace.TraceWarning($"consumer {Name}: closing failed: {ex.Message}");
        }
        finally
        {
            _disposed = true;
            DisposeMembership();
            _consumer.Dispose();
        }
    }
}
